package io.tributary.projections.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two projector instances of one projection writing at the same time: a partition's batches are
 * fenced (even its very first one, before any offset row exists), other partitions are not held up.
 */
@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
class PartitionFencingTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final TopicPartition P0 = new TopicPartition(Topics.DOCS_EMBEDDED.name(), 0);
  private static final TopicPartition P1 = new TopicPartition(Topics.DOCS_EMBEDDED.name(), 1);

  private Database database;
  private Jdbi jdbi;

  @BeforeEach
  void setUp(EmbeddedPostgres postgres) {
    database = MigratedDatabase.create(postgres, "partition_fencing");
    jdbi = database.jdbi();
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void shouldLetOnlyOneOfTwoInstancesApplyAPartitionsFirstBatch() throws Exception {
    // given instance A inside its transaction for the first batch of partition 0 (no offset row yet)
    Counting first = new Counting(new RagProjection());
    CountDownLatch release = new CountDownLatch(1);
    first.holdUntil(release);
    CompletableFuture<BatchTransaction.Committed> a = commitInBackground(first, batch(P0, 0, "a", "b"));
    first.awaitEntered();

    // when instance B, assigned the same partition a moment later, polls the same first batch
    Counting second = new Counting(new RagProjection());
    CompletableFuture<BatchTransaction.Committed> b = commitInBackground(second, batch(P0, 0, "a", "b"));
    await().atMost(PATIENCE).until(this::someoneWaitsForALock);
    release.countDown();

    // then A's batch commits, B's is refused as stale and never reaches the read model
    assertThat(a.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).nextOffsets()).containsExactly(Map.entry(P0, 2L));
    assertThat(b).failsWithin(PATIENCE).withThrowableThat().havingRootCause().isInstanceOf(StaleBatchException.class);
    assertThat(first.applied.get()).isEqualTo(1);
    assertThat(second.applied.get()).isZero();
    assertThat(new BatchTransaction<>(new RagProjection(), jdbi, new OffsetStore()).storedOffsets())
        .containsExactly(Map.entry(P0, 2L));
  }

  @Test
  void shouldCommitAnotherPartitionsBatchWhileOneInstanceHoldsItsPartition() throws Exception {
    // given instance A inside its transaction on partition 0
    Counting first = new Counting(new RagProjection());
    CountDownLatch release = new CountDownLatch(1);
    first.holdUntil(release);
    CompletableFuture<BatchTransaction.Committed> a = commitInBackground(first, batch(P0, 0, "a"));
    first.awaitEntered();

    // when instance B commits a batch of partition 1
    BatchTransaction.Committed b = new BatchTransaction<>(new Counting(new RagProjection()), jdbi, new OffsetStore())
        .commit(batch(P1, 0, "b", "c"), letters -> {});

    // then it did not wait for A, and A still commits afterwards
    assertThat(a).isNotDone();
    assertThat(b.nextOffsets()).containsExactly(Map.entry(P1, 2L));
    release.countDown();
    assertThat(a.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).nextOffsets()).containsExactly(Map.entry(P0, 1L));
    assertThat(new BatchTransaction<>(new RagProjection(), jdbi, new OffsetStore()).storedOffsets())
        .containsOnly(Map.entry(P0, 1L), Map.entry(P1, 2L));
  }

  private CompletableFuture<BatchTransaction.Committed> commitInBackground(
      Projection<String, EmbeddedDocument> projection, ConsumerRecords<byte[], byte[]> records) {
    BatchTransaction<String, EmbeddedDocument> transaction = new BatchTransaction<>(projection, jdbi, new OffsetStore());
    CompletableFuture<BatchTransaction.Committed> result = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> {
      try {
        result.complete(transaction.commit(records, letters -> {}));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  private boolean someoneWaitsForALock() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
        .mapTo(Long.class).one()) > 0;
  }

  private static ConsumerRecords<byte[], byte[]> batch(TopicPartition partition, long firstOffset, String... ids) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      records.add(RawRecords.of(partition, firstOffset + i, ids[i], Documents.document(ids[i], "acme", 1, 1)));
    }
    return new ConsumerRecords<>(Map.of(partition, records),
        Map.of(partition, new OffsetAndMetadata(firstOffset + ids.length)));
  }

  /** The rag projection, counting the batches it applies and optionally holding its transaction open. */
  private static final class Counting implements Projection<String, EmbeddedDocument> {
    private final RagProjection rag;
    private final AtomicInteger applied = new AtomicInteger();
    private final CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch release;

    Counting(RagProjection rag) {
      this.rag = rag;
    }

    void holdUntil(CountDownLatch latch) {
      this.release = latch;
    }

    void awaitEntered() throws InterruptedException {
      assertThat(entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Override
    public String name() {
      return rag.name();
    }

    @Override
    public Topic<String, EmbeddedDocument> topic() {
      return rag.topic();
    }

    @Override
    public void apply(Handle handle, List<ConsumerRecord<String, EmbeddedDocument>> batch) {
      rag.apply(handle, batch);
      applied.incrementAndGet();
      entered.countDown();
      CountDownLatch latch = release;
      if (latch != null) {
        try {
          latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
