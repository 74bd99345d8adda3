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
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A record on agents.routed.v1 that cannot be read is dead-lettered; the decisions after it are projected. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class AgentsPoisonPillTest {

  @AutoClose
  private final ProjectorFixture fixture;

  AgentsPoisonPillTest(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    fixture = new ProjectorFixture(kafka, postgres, "agents_poison");
  }

  @Test
  void shouldDeadLetterAnUnreadableDecisionAndProjectTheNextOne() {
    Topic<String, RoutingDecision> topic = new Topic<>("agents.routed.poison.v1", 1, false,
        Topics.AGENTS_ROUTED.maxMessageBytes(), Topics.AGENTS_ROUTED.keySerde(), Topics.AGENTS_ROUTED.valueSerde());
    Topic<byte[], byte[]> raw = new Topic<>(topic.name(), 1, false, topic.maxMessageBytes(), Serdes.ByteArray(),
        Serdes.ByteArray());
    fixture.topics().create(topic);
    fixture.topics().create(topic.deadLetters());
    RoutingDecision good = AgentsDatabase.decision("acme", "conv-1", "m-2", "billing", 0.8, "refund please",
        Instant.parse("2026-03-01T12:00:00Z"));
    fixture.topics().produce(raw, List.of(
        new ProducerRecord<>(raw.name(), "conv-1".getBytes(StandardCharsets.UTF_8),
            "{\"message_id\": 7, not json".getBytes(StandardCharsets.UTF_8)),
        new ProducerRecord<>(raw.name(), "conv-1".getBytes(StandardCharsets.UTF_8),
            topic.valueSerde().serializer().serialize(topic.name(), good))));
    AgentsProjection agents = new AgentsProjection();
    Projection<String, RoutingDecision> projection = new Projection<>() {
      @Override
      public String name() {
        return "agents-poison";
      }

      @Override
      public Topic<String, RoutingDecision> topic() {
        return topic;
      }

      @Override
      public void apply(Handle handle, List<ConsumerRecord<String, RoutingDecision>> batch) {
        agents.apply(handle, batch);
      }
    };

    try (ProjectorRunner<String, RoutingDecision> runner =
        new ProjectorRunner<>(projection, fixture.jdbi(), fixture.config(Duration.ofMillis(100))).start()) {
      await().atMost(Duration.ofSeconds(90)).until(() -> runner.status().deadLettered() == 1);
    }

    assertThat(fixture.topics().consume(topic.deadLetters().name(), 1)).hasSize(1);
    // The good decision is the same key's: it waits, parked behind the open dead letter, as every
    // projection keeps per-key order; nothing stalls the partition.
    long parked = fixture.jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM ops.parked_records WHERE projection = 'agents-poison'").mapTo(Long.class).one());
    assertThat(parked).isEqualTo(1);
    long next = fixture.jdbi().withHandle(h -> h.createQuery(
        "SELECT next_offset FROM ops.projection_offsets WHERE projection = 'agents-poison'").mapTo(Long.class).one());
    assertThat(next).isEqualTo(2);
  }
}
