package io.tributary.projections.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.projector.Projection;
import io.tributary.projections.projector.ProjectorConfig;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.projections.testing.TestTopics;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Records on agents.labels.v1 that are not labels are dead-lettered with their reason; the labels after them are projected. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class AgentLabelsPoisonPillTest {

  private static final String NAME = "agent-labels-poison";

  private final EmbeddedKafka kafka;
  private final EmbeddedPostgres postgres;
  private TestTopics topics;
  private Database database;
  private Jdbi jdbi;

  AgentLabelsPoisonPillTest(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    this.kafka = kafka;
    this.postgres = postgres;
  }

  @BeforeEach
  void setUp() {
    topics = new TestTopics(kafka);
    database = MigratedDatabase.create(postgres, "agent_labels_poison");
    jdbi = database.jdbi();
  }

  @AfterEach
  void tearDown() {
    database.close();
    topics.close();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] json(IntentLabel label) {
    return Topics.AGENTS_LABELS.valueSerde().serializer().serialize("t", label);
  }

  @Test
  void shouldDeadLetterRecordsThatAreNotLabelsAndProjectTheOthers() {
    Topic<byte[], byte[]> topic = new Topic<>("agents.labels.poison.v1", 1, true,
        Topics.AGENTS_LABELS.maxMessageBytes(), Serdes.ByteArray(), Serdes.ByteArray());
    topics.create(topic);
    topics.create(topic.deadLetters());
    Instant at = Instant.parse("2026-03-01T12:00:00Z");
    IntentLabel acme = new IntentLabel("acme", "m2", "refund please", "billing", IntentLabel.OPERATOR, at);
    IntentLabel globex = new IntentLabel("globex", "m3", "holiday", "hr", IntentLabel.IMPORT, at);
    topics.produce(topic, List.of(
        new ProducerRecord<>(topic.name(), utf8("acme/m1"), utf8("{\"agent\": 7, not json")),
        new ProducerRecord<>(topic.name(), utf8("acme/m2"), json(acme)),
        // A label keyed for another tenant's message: refused, never applied to either tenant.
        new ProducerRecord<>(topic.name(), utf8("acme/m3"), json(globex)),
        new ProducerRecord<>(topic.name(), utf8("globex/m3"), json(globex))));
    AgentLabelsProjection labels = new AgentLabelsProjection();
    Projection<byte[], byte[]> projection = new Projection<>() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public Topic<byte[], byte[]> topic() {
        return topic;
      }

      @Override
      public void apply(Handle handle, List<ConsumerRecord<byte[], byte[]>> batch) {
        labels.apply(handle, batch);
      }
    };

    try (ProjectorRunner<byte[], byte[]> runner = new ProjectorRunner<>(projection, jdbi,
        ProjectorConfig.of(KafkaClients.plaintext(kafka.bootstrapServers()))
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)))
        .start()) {
      await().atMost(Duration.ofSeconds(90)).until(() -> storedNextOffset() == 4L);
      assertThat(runner.status().deadLettered()).isEqualTo(2);
    }

    Map<String, String> codes = topics.consume(topic.deadLetters().name(), 2).stream().collect(Collectors.toMap(
        r -> new String(r.key(), StandardCharsets.UTF_8),
        r -> new String(r.headers().lastHeader(DeadLetterHeaders.ERROR_CODE).value(), StandardCharsets.UTF_8)));
    assertThat(codes).containsOnly(Map.entry("acme/m1", "MALFORMED_JSON"), Map.entry("acme/m3", "TENANT_MISMATCH"));
    List<String> rows = jdbi.withHandle(h -> h.createQuery(
        "SELECT tenant || '/' || message_id || '=' || agent FROM agents.labels ORDER BY 1").mapTo(String.class).list());
    assertThat(rows).containsExactly("acme/m2=billing", "globex/m3=hr");
  }

  private long storedNextOffset() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT coalesce(max(next_offset), 0) FROM ops.projection_offsets WHERE projection = :name")
        .bind("name", NAME).mapTo(Long.class).one());
  }
}
