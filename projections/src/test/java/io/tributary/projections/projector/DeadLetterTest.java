package io.tributary.projections.projector;

import static io.tributary.projections.testing.TestTopics.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.ProjectorFixture;
import io.tributary.projections.testing.RenamedRag;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class DeadLetterTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Topic<String, EmbeddedDocument> CATALOGUE = Topics.DOCS_EMBEDDED;

  @AutoClose
  private final ProjectorFixture fixture;

  DeadLetterTest(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    fixture = new ProjectorFixture(kafka, postgres, "dead_letters");
  }

  @Test
  void shouldDeadLetterBadRecordsParkTheirKeysAndMoveOnWithEveryOtherKey() {
    // given one partition with a malformed record for b, a record for d Postgres cannot store, and later versions
    Topic<String, EmbeddedDocument> topic = testTopic("projector.letters.v1");
    fixture.topics().create(topic);
    fixture.topics().create(topic.deadLetters());
    byte[] malformed = "{\"id\": \"b\", not json".getBytes(StandardCharsets.UTF_8);
    // A NUL in the title passes the projection's own checks; Postgres refuses it (SQLSTATE 22021).
    EmbeddedDocument valid = Documents.document("d", "acme", 1, 1);
    EmbeddedDocument nulByte = new EmbeddedDocument("d", "acme", 1, "h", "title with a \u0000 byte",
        valid.source(), valid.contentType(), Map.of(), valid.model(), valid.dimensions(), valid.chunks(),
        null, null);
    Topic<byte[], byte[]> raw = bytesOf(topic);
    fixture.topics().produce(raw, List.of(
        record(raw, "a", bytes(topic, Documents.document("a", "acme", 1, 1))),
        record(raw, "b", malformed),
        record(raw, "b", bytes(topic, Documents.document("b", "acme", 2, 2))),
        record(raw, "d", bytes(topic, nulByte)),
        record(raw, "c", bytes(topic, Documents.document("c", "acme", 1, 1))),
        record(raw, "a", bytes(topic, Documents.document("a", "acme", 2, 3))),
        record(raw, "b", bytes(topic, Documents.document("b", "acme", 3, 1)))));
    Projection<String, EmbeddedDocument> projection = new RenamedRag(new RagProjection(), "rag-letters", topic);

    // when the projector runs over it
    try (ProjectorRunner<String, EmbeddedDocument> runner =
        new ProjectorRunner<>(projection, fixture.jdbi(), fixture.config(Duration.ofMillis(200))).start()) {
      // The runner counts a batch only after committing its offsets.
      await().atMost(PATIENCE)
          .until(() -> fixture.storedNextOffset(topic) == 7L && runner.status().recordsApplied() == 7);

      // then good keys are projected, the bad records are dead letters and b's later versions wait behind b's
      assertThat(versions()).containsOnly(Map.entry("a", 2L), Map.entry("c", 1L));
      assertThat(openDeadLetters()).containsOnly(
          Map.entry(1L, ErrorCode.SCHEMA_VIOLATION.name()), Map.entry(3L, ErrorCode.INVALID_VALUE.name()));
      assertThat(parkedOffsets()).containsExactly(2L, 6L);
      assertThat(runner.status().healthy()).isTrue();
      assertThat(runner.status().deadLettered()).isEqualTo(2);
      assertThat(runner.status().parked()).isEqualTo(2);
    }
    List<ConsumerRecord<byte[], byte[]>> letters = fixture.topics().consume(topic.deadLetters().name(), 2);
    assertThat(letters).hasSize(2);
    ConsumerRecord<byte[], byte[]> first = letters.getFirst();
    assertThat(first.value()).isEqualTo(malformed);
    assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("b");
    assertThat(header(first, DeadLetterHeaders.ORIGIN_TOPIC)).isEqualTo(topic.name());
    assertThat(header(first, DeadLetterHeaders.ORIGIN_OFFSET)).isEqualTo("1");
    assertThat(header(first, DeadLetterHeaders.ERROR_CODE)).isEqualTo("SCHEMA_VIOLATION");
    assertThat(header(first, DeadLetterHeaders.FAILED_AT)).isNotBlank();
    assertThat(header(letters.get(1), DeadLetterHeaders.ERROR_CODE)).isEqualTo("INVALID_VALUE");
    assertThat(header(letters.get(1), DeadLetterHeaders.EXCEPTION_MESSAGE)).doesNotContain("title with a");

    // when an operator skips b's dead letter, its parked versions are applied in log order
    DeadLetterDesk<String, EmbeddedDocument> desk = new DeadLetterDesk<>(projection, fixture.jdbi(), fixture.clients());
    DeadLetterDesk.Resolution skipped = desk.skip(deadLetterId(1));
    assertThat(skipped).isEqualTo(new DeadLetterDesk.Resolution(deadLetterId(1), 2, 0, 0));
    assertThat(versions()).containsOnly(Map.entry("a", 2L), Map.entry("b", 3L), Map.entry("c", 1L));
    assertThat(chunkCount("b")).isEqualTo(1);
    assertThat(parkedOffsets()).isEmpty();

    // and a retry of d that fails again leaves it open
    DeadLetterDesk.Resolution retried = desk.retry(deadLetterId(3));
    assertThat(retried.applied()).isZero();
    assertThat(retried.newDeadLetters()).isEqualTo(1);
    assertThat(openDeadLetters()).containsOnlyKeys(3L);
  }

  @Test
  void shouldNotDeadLetterAgainWhenTheSameBatchIsRedelivered() {
    // given a batch with a refused record committed once
    List<DeadLetter> published = new java.util.ArrayList<>();
    BatchTransaction<String, EmbeddedDocument> transaction =
        new BatchTransaction<>(new RagProjection(), fixture.jdbi(), new OffsetStore());
    org.apache.kafka.common.TopicPartition p0 = new org.apache.kafka.common.TopicPartition(CATALOGUE.name(), 0);
    var batch = new org.apache.kafka.clients.consumer.ConsumerRecords<>(
        Map.of(p0, List.of(RawRecords.bytes(p0, 0, "x".getBytes(StandardCharsets.UTF_8), "[]".getBytes()),
            RawRecords.of(p0, 1, "y", Documents.document("y", "acme", 1, 1)))),
        Map.<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>of());
    transaction.commit(batch, published::addAll);

    // when it is delivered again, then it is refused as stale and nothing is dead-lettered twice
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> transaction.commit(batch, published::addAll))
        .isInstanceOf(StaleBatchException.class);
    assertThat(published).hasSize(1);
    assertThat(versions()).containsOnly(Map.entry("y", 1L));
    long stored = fixture.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM ops.dead_letters")
        .mapTo(Long.class).one());
    assertThat(stored).isEqualTo(1L);
  }

  private static Topic<String, EmbeddedDocument> testTopic(String name) {
    return new Topic<>(name, 1, true, CATALOGUE.maxMessageBytes(), CATALOGUE.keySerde(), CATALOGUE.valueSerde());
  }

  private static Topic<byte[], byte[]> bytesOf(Topic<?, ?> topic) {
    return new Topic<>(topic.name(), topic.partitions(), true, topic.maxMessageBytes(), Serdes.ByteArray(),
        Serdes.ByteArray());
  }

  private static byte[] bytes(Topic<String, EmbeddedDocument> topic, EmbeddedDocument document) {
    return topic.valueSerde().serializer().serialize(topic.name(), document);
  }

  private static ProducerRecord<byte[], byte[]> record(Topic<byte[], byte[]> topic, String key, byte[] value) {
    return new ProducerRecord<>(topic.name(), 0, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private Map<String, Long> versions() {
    Map<String, Long> versions = new HashMap<>();
    fixture.jdbi().useHandle(h -> h.createQuery("SELECT document_id, version FROM rag.documents")
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(e -> versions.put(e.getKey(), e.getValue())));
    return versions;
  }

  private int chunkCount(String documentId) {
    return fixture.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM rag.chunks WHERE document_id = :id")
        .bind("id", documentId).mapTo(Integer.class).one());
  }

  private Map<Long, String> openDeadLetters() {
    Map<Long, String> open = new HashMap<>();
    fixture.jdbi().useHandle(h -> h.createQuery(
            "SELECT \"offset\", error_code FROM ops.dead_letters WHERE status = 'open'")
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> open.put(e.getKey(), e.getValue())));
    return open;
  }

  private long deadLetterId(long offset) {
    return fixture.jdbi().withHandle(h -> h.createQuery("SELECT id FROM ops.dead_letters WHERE \"offset\" = :offset")
        .bind("offset", offset).mapTo(Long.class).one());
  }

  private List<Long> parkedOffsets() {
    return fixture.jdbi().withHandle(h -> h.createQuery("SELECT \"offset\" FROM ops.parked_records ORDER BY \"offset\"")
        .mapTo(Long.class).list());
  }
}
