package io.tributary.projections.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import java.time.Duration;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
class BoundedDatabaseTest {

  @Test
  void shouldCancelAStatementThatRunsPastTheCallTimeout(EmbeddedPostgres postgres) {
    TestDatabase db = EmbeddedPostgresExtension.freshDatabase(postgres, "bounded");
    try (Database bounded = Database.bounded(db.jdbcUrl(), 2, Duration.ofMillis(300))) {
      Integer answer = bounded.jdbi().withHandle(h -> h.createQuery("SELECT 41 + 1").mapTo(Integer.class).one());
      assertThat(answer).isEqualTo(42);

      // Cancelled by Postgres at 300 ms: the bound fails a statement left to sleep its 10 minutes, not a slow machine.
      assertTimeoutPreemptively(Duration.ofMinutes(2), () ->
          assertThatThrownBy(() -> bounded.jdbi().useHandle(h -> h.execute("SELECT pg_sleep(600)")))
              .isInstanceOf(UnableToExecuteStatementException.class)
              .hasMessageContaining("statement timeout"));
    }
  }

  @Test
  void shouldKeepTheUrlsOwnOptionsBesideTheStatementTimeout(EmbeddedPostgres postgres) {
    TestDatabase db = EmbeddedPostgresExtension.freshDatabase(postgres, "bounded_options");
    String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "options=-c%20work_mem%3D5MB";
    try (Database bounded = Database.bounded(url, 1, Duration.ofMillis(1500))) {
      String timeout = bounded.jdbi().withHandle(h -> h.createQuery("SHOW statement_timeout").mapTo(String.class).one());
      String workMem = bounded.jdbi().withHandle(h -> h.createQuery("SHOW work_mem").mapTo(String.class).one());

      assertThat(timeout).isEqualTo("1500ms");
      assertThat(workMem).isEqualTo("5MB");
    }
  }

  @Test
  void shouldLeaveStatementsOfAnUnboundedDatabaseAlone(EmbeddedPostgres postgres) {
    TestDatabase db = EmbeddedPostgresExtension.freshDatabase(postgres, "unbounded");
    try (Database plain = new Database(db.jdbcUrl(), 2)) {
      String timeout = plain.jdbi().withHandle(h -> h.createQuery("SHOW statement_timeout").mapTo(String.class).one());
      assertThat(timeout).isEqualTo("0");
    }
  }

  @Test
  void shouldRefuseANonPositiveTimeout() {
    assertThatThrownBy(() -> Database.bounded("jdbc:postgresql://127.0.0.1:1/none", 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callTimeout");
  }
}
