package io.tributary.projections.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
class BatchTransactionTest {

  private static final TopicPartition P0 = new TopicPartition(Topics.DOCS_EMBEDDED.name(), 0);

  private Database database;
  private Jdbi jdbi;
  private BatchTransaction<String, EmbeddedDocument> transaction;
  private final List<DeadLetter> published = new java.util.ArrayList<>();

  @BeforeEach
  void setUp(EmbeddedPostgres postgres) {
    database = MigratedDatabase.create(postgres, "batch_transaction");
    jdbi = database.jdbi();
    transaction = new BatchTransaction<>(new RagProjection(), jdbi, new OffsetStore());
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void shouldStoreTheNextOffsetsWithTheRows() {
    Map<TopicPartition, Long> next = transaction.commit(batch(P0, 10, "a", "b"), published::addAll).nextOffsets();

    assertThat(next).containsExactly(Map.entry(P0, 12L));
    assertThat(transaction.storedOffsets()).containsExactly(Map.entry(P0, 12L));
    assertThat(documentCount()).isEqualTo(2);
  }

  @Test
  void shouldStoreTheConsumersNextOffsetWhenItSkippedATransactionMarker() {
    ConsumerRecords<byte[], byte[]> records = new ConsumerRecords<>(
        Map.of(P0, List.of(record(P0, 4, "a"))), Map.of(P0, new OffsetAndMetadata(6)));

    transaction.commit(records, published::addAll);

    assertThat(transaction.storedOffsets()).containsExactly(Map.entry(P0, 6L));
  }

  @Test
  void shouldRefuseABatchThatStartsBeforeTheStoredOffset() {
    transaction.commit(batch(P0, 0, "a", "b", "c"), published::addAll);

    assertThatThrownBy(() -> transaction.commit(batch(P0, 2, "c", "d"), published::addAll))
        .isInstanceOf(StaleBatchException.class)
        .hasMessageContaining("starts at offset 2").hasMessageContaining("next offset 3");
    assertThat(transaction.storedOffsets()).containsExactly(Map.entry(P0, 3L));
    assertThat(documentCount()).isEqualTo(3);
  }

  @Test
  void shouldAcceptABatchThatStartsAfterTheStoredOffset() {
    transaction.commit(batch(P0, 0, "a"), published::addAll);

    // compaction or transaction markers leave gaps in a partition's offsets
    transaction.commit(batch(P0, 5, "b"), published::addAll);

    assertThat(transaction.storedOffsets()).containsExactly(Map.entry(P0, 6L));
  }

  private static ConsumerRecords<byte[], byte[]> batch(TopicPartition partition, long firstOffset, String... ids) {
    List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      records.add(record(partition, firstOffset + i, ids[i]));
    }
    return new ConsumerRecords<>(Map.of(partition, records),
        Map.of(partition, new OffsetAndMetadata(firstOffset + ids.length)));
  }

  private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset, String id) {
    return RawRecords.of(partition, offset, id, Documents.document(id, "acme", 1, 1));
  }

  private long documentCount() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM rag.documents").mapTo(Long.class).one());
  }
}
