package io.tributary.projections.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.ProjectorFixture;
import io.tributary.projections.testing.RenamedRag;
import io.tributary.projections.testing.TestTopics;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.envelope.TraceHeaders;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class ProjectorRunnerTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Duration MAX_BACKOFF = Duration.ofMillis(200);

  @AutoClose
  private final ProjectorFixture fixture;

  ProjectorRunnerTest(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    fixture = new ProjectorFixture(kafka, postgres, "projector_runner");
  }

  @Test
  void shouldResumeFromTheOffsetsInPostgresAndApplyEveryRecordExactlyOnce() {
    // A broker of its own: the rag projection reads the fixed docs.embedded.v1, which other test
    // classes on the shared broker write too, so counting its records there depends on their order.
    try (EmbeddedKafka own = EmbeddedKafka.startTemporary(); TestTopics topics = new TestTopics(own)) {
      resumeFromStoredOffsets(own, topics);
    }
  }

  private void resumeFromStoredOffsets(EmbeddedKafka own, TestTopics topics) {
    Topic<String, EmbeddedDocument> topic = Topics.DOCS_EMBEDDED;
    topics.create(topic);
    Map<String, Integer> expectedChunks = new HashMap<>();
    topics.produce(topic, documents(topic, "first", 12, expectedChunks));

    // given a first runner that projected the first batch and stopped
    ProjectorRunner<String, EmbeddedDocument> first =
        new ProjectorRunner<>(new RagProjection(), fixture.jdbi(), ProjectorFixture.config(own, MAX_BACKOFF));
    try (first) {
      first.start();
      await().atMost(PATIENCE).until(() -> documentCount() == 12 && storedOffsets(topic).equals(topics.writtenEndOffsets(topic)));
    }
    assertThat(first.status().running()).isFalse();
    assertThat(first.status().recordsApplied()).isEqualTo(12);
    Map<String, Instant> firstProjectedAt = projectedAt();
    // and Kafka's group offsets rewound to the beginning: the runner must not trust them
    topics.setGroupOffsets(ProjectorRunner.groupId(RagProjection.NAME), topic, 0);

    // when more documents arrive and a new runner of the same projection starts
    topics.produce(topic, documents(topic, "second", 8, expectedChunks));
    ProjectorRunner<String, EmbeddedDocument> second =
        new ProjectorRunner<>(new RagProjection(), fixture.jdbi(), ProjectorFixture.config(own, MAX_BACKOFF));
    try (second) {
      second.start();
      await().atMost(PATIENCE).until(() -> storedOffsets(topic).equals(topics.writtenEndOffsets(topic)) && documentCount() == 20);
      assertThat(second.status().healthy()).isTrue();
    }

    // then every document is there once with its chunks, and only the new records were applied
    assertThat(chunkCounts()).isEqualTo(expectedChunks);
    assertThat(second.status().recordsApplied()).isEqualTo(8);
    assertThat(projectedAt()).containsAllEntriesOf(firstProjectedAt);
    assertThat(storedOffsets(topic)).isEqualTo(topics.writtenEndOffsets(topic));
    // the group offsets are mirrored after each commit, for lag tools
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(topics.groupOffsets(ProjectorRunner.groupId(RagProjection.NAME)))
        .allSatisfy((partition, offset) -> assertThat(offset.offset()).isEqualTo(topics.endOffsets(topic).get(partition))));
  }

  @Test
  void shouldRollBackAndRetryABatchWhoseTransactionFailed() {
    Topic<String, EmbeddedDocument> topic = testTopic("projector.flaky.v1");
    fixture.topics().create(topic);
    Map<String, Integer> expectedChunks = new HashMap<>();
    fixture.topics().produce(topic, documents(topic, "flaky", 10, expectedChunks));
    FailingFirst failing = new FailingFirst(topic, 2);

    try (ProjectorRunner<String, EmbeddedDocument> runner =
        new ProjectorRunner<>(failing, fixture.jdbi(), fixture.config(MAX_BACKOFF)).start()) {
      await().atMost(PATIENCE).until(() -> storedOffsets(topic).equals(fixture.topics().writtenEndOffsets(topic)));

      assertThat(failing.failures.get()).isEqualTo(2);
      assertThat(chunkCounts()).isEqualTo(expectedChunks);
      assertThat(runner.status().recordsApplied()).isEqualTo(10);
      assertThat(runner.status().consecutiveFailures()).isZero();
      assertThat(runner.status().lastError()).isNull();
    }
  }

  @Test
  void shouldTimeCommittedBatchesCountTheirRecordsAndEndEachRecordsSpanAfterTheCommit() {
    Topic<String, EmbeddedDocument> topic = testTopic("projector.observed.v1");
    fixture.topics().create(topic);
    String parentTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    List<ProducerRecord<String, EmbeddedDocument>> records = documents(topic, "observed", 5, new HashMap<>());
    records.forEach(r -> r.headers().add(TraceHeaders.TRACEPARENT,
        ("00-" + parentTrace + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8)));
    fixture.topics().produce(topic, records);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    RenamedRag projection = new RenamedRag(new RagProjection(), "rag-observed", topic);

    try (ProjectorRunner<String, EmbeddedDocument> runner =
        new ProjectorRunner<>(projection, fixture.jdbi(), fixture.config(MAX_BACKOFF), meters, otel).start()) {
      // Spans end once their batch has committed.
      await().atMost(PATIENCE).until(() -> spans.getFinishedSpanItems().size() == 5);
    }

    Timer batch = meters.get("tributary.projection.batch").tag("projection", "rag-observed").timer();
    assertThat(batch.count()).isPositive();
    assertThat(batch.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(meters.get("tributary.projection.records").tags("projection", "rag-observed", "result", "applied")
        .counter().count()).isEqualTo(5);
    assertThat(spans.getFinishedSpanItems()).allSatisfy(span -> {
      assertThat(span.getTraceId()).isEqualTo(parentTrace);
      assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
      assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
    });
  }

  private static Topic<String, EmbeddedDocument> testTopic(String name) {
    Topic<String, EmbeddedDocument> catalogue = Topics.DOCS_EMBEDDED;
    return new Topic<>(name, 2, true, catalogue.maxMessageBytes(), catalogue.keySerde(), catalogue.valueSerde());
  }

  private static List<ProducerRecord<String, EmbeddedDocument>> documents(
      Topic<String, EmbeddedDocument> topic, String prefix, int count, Map<String, Integer> expectedChunks) {
    List<ProducerRecord<String, EmbeddedDocument>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      int chunks = 1 + i % 4;
      expectedChunks.put(id, chunks);
      records.add(new ProducerRecord<>(topic.name(), id, Documents.document(id, "acme", 1, chunks)));
    }
    return records;
  }

  private Map<TopicPartition, Long> storedOffsets(Topic<?, ?> topic) {
    return fixture.jdbi().withHandle(h -> h.createQuery(
            "SELECT partition, next_offset FROM ops.projection_offsets WHERE topic = :topic")
        .bind("topic", topic.name())
        .reduceRows(new HashMap<TopicPartition, Long>(), (map, row) -> {
          map.put(new TopicPartition(topic.name(), row.getColumn("partition", Integer.class)),
              row.getColumn("next_offset", Long.class));
          return map;
        }));
  }

  private long documentCount() {
    return fixture.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM rag.documents").mapTo(Long.class).one());
  }

  private Map<String, Integer> chunkCounts() {
    Map<String, Integer> counts = new HashMap<>();
    fixture.jdbi().useHandle(h -> h.createQuery(
            "SELECT d.document_id, d.chunk_count, count(c.chunk_index) AS stored FROM rag.documents d"
                + " LEFT JOIN rag.chunks c ON c.document_id = d.document_id GROUP BY d.document_id, d.chunk_count")
        .map((rs, ctx) -> {
          assertThat(rs.getInt("stored")).as("chunk rows of %s", rs.getString(1)).isEqualTo(rs.getInt("chunk_count"));
          return Map.entry(rs.getString("document_id"), rs.getInt("stored"));
        })
        .forEach(e -> assertThat(counts.put(e.getKey(), e.getValue())).as("duplicate %s", e.getKey()).isNull()));
    return counts;
  }

  private Map<String, Instant> projectedAt() {
    Map<String, Instant> times = new HashMap<>();
    fixture.jdbi().useHandle(h -> h.createQuery("SELECT document_id, projected_at FROM rag.documents")
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getTimestamp(2).toInstant()))
        .forEach(e -> times.put(e.getKey(), e.getValue())));
    return times;
  }

  /** Writes the batch, then fails its transaction with a real database error the first {@code times} times. */
  private static final class FailingFirst implements Projection<String, EmbeddedDocument> {

    private final Projection<String, EmbeddedDocument> delegate;
    private final int times;
    private final AtomicInteger failures = new AtomicInteger();

    FailingFirst(Topic<String, EmbeddedDocument> topic, int times) {
      this.delegate = new RenamedRag(new RagProjection(), "rag-flaky", topic);
      this.times = times;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Topic<String, EmbeddedDocument> topic() {
      return delegate.topic();
    }

    @Override
    public void apply(Handle handle, List<ConsumerRecord<String, EmbeddedDocument>> batch) {
      delegate.apply(handle, batch);
      if (failures.get() < times) {
        failures.incrementAndGet();
        handle.execute("SELECT * FROM rag.no_such_table");
      }
    }
  }
}
