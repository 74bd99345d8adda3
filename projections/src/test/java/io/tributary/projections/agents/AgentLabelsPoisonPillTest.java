package io.tributary.projections.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.projector.Projection;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.projections.testing.ProjectorFixture;
import io.tributary.projections.testing.TestTopics;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.errors.DeadLetterHeaders;
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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Records on agents.labels.v1 that are not labels are dead-lettered with their reason; the labels after them are projected. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class AgentLabelsPoisonPillTest {

  private static final String NAME = "agent-labels-poison";

  @AutoClose
  private final ProjectorFixture fixture;

  AgentLabelsPoisonPillTest(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    fixture = new ProjectorFixture(kafka, postgres, "agent_labels_poison");
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
    fixture.topics().create(topic);
    fixture.topics().create(topic.deadLetters());
    Instant at = Instant.parse("2026-03-01T12:00:00Z");
    IntentLabel acme = new IntentLabel("acme", "m2", "refund please", "billing", IntentLabel.OPERATOR, at);
    IntentLabel globex = new IntentLabel("globex", "m3", "holiday", "hr", IntentLabel.IMPORT, at);
    fixture.topics().produce(topic, List.of(
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

    try (ProjectorRunner<byte[], byte[]> runner =
        new ProjectorRunner<>(projection, fixture.jdbi(), fixture.config(Duration.ofMillis(100))).start()) {
      // The runner counts a batch only after committing its offsets.
      await().atMost(Duration.ofSeconds(90))
          .until(() -> fixture.storedNextOffset(topic) == 4L && runner.status().recordsApplied() == 4);
      assertThat(runner.status().deadLettered()).isEqualTo(2);
    }

    Map<String, String> codes = fixture.topics().consume(topic.deadLetters().name(), 2).stream()
        .collect(Collectors.toMap(
            r -> new String(r.key(), StandardCharsets.UTF_8),
            r -> TestTopics.header(r, DeadLetterHeaders.ERROR_CODE)));
    assertThat(codes).containsOnly(Map.entry("acme/m1", "MALFORMED_JSON"), Map.entry("acme/m3", "TENANT_MISMATCH"));
    List<String> rows = fixture.jdbi().withHandle(h -> h.createQuery(
        "SELECT tenant || '/' || message_id || '=' || agent FROM agents.labels ORDER BY 1").mapTo(String.class).list());
    assertThat(rows).containsExactly("acme/m2=billing", "globex/m3=hr");
  }
}
