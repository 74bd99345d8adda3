package io.tributary.projections.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A long-jobs pool that is exhausted makes its callers wait and says why; it does not fail them. */
@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
class LongJobsPoolTest {

  @Test
  void shouldWaitForAConnectionAndReportWhyInsteadOfFailing(TestDatabase db) throws Exception {
    try (Database pool = Database.forLongJobs(db.jdbcUrl(), 1, "long-jobs-test")) {
      // given the pool's only connection in use
      Handle holder = pool.jdbi().open();
      CompletableFuture<Integer> waiting;
      try {
        holder.createQuery("SELECT 1").mapTo(Integer.class).one();

        // when another call needs one
        waiting = CompletableFuture.supplyAsync(
            () -> pool.jdbi().withHandle(h -> h.createQuery("SELECT 2").mapTo(Integer.class).one()));

        // then it waits past the pool's own timeout, and the pool says why
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.waitingFor().isPresent());
        assertThat(pool.waitingFor()).hasValueSatisfying(reason ->
            assertThat(reason).contains("all 1 connections of the pool are in use"));
        assertThat(waiting).isNotDone();
      } finally {
        holder.close();
      }

      // and it gets its answer once the connection is back, with nothing left to report
      assertThat(waiting.get()).isEqualTo(2);
      assertThat(pool.waitingFor()).isEmpty();
      assertThat(pool.maxConnections()).isEqualTo(1);
    }
  }
}
