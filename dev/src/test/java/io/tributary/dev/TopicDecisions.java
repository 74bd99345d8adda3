package io.tributary.dev;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The decisions on {@code agents.routed.v1} as a read-committed consumer sees them now, read from the
 * beginning without a consumer group: what the router wrote, not what a read model kept of it.
 */
final class TopicDecisions {

  private final KafkaClients kafka;

  TopicDecisions(KafkaClients kafka) {
    this.kafka = requireNonNull(kafka, "kafka");
  }

  /** The latest decision of each of {@code messageIds} of {@code tenant}, keyed by message id. */
  Map<String, RoutingDecision> of(String tenant, Collection<String> messageIds) {
    Set<String> wanted = Set.copyOf(messageIds);
    Map<String, RoutingDecision> decisions = new HashMap<>();
    try (KafkaConsumer<String, RoutingDecision> consumer = kafka.consumer(Map.<String, Object>of(
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        Topics.AGENTS_ROUTED.keySerde().deserializer(), Topics.AGENTS_ROUTED.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGENTS_ROUTED.name(), Duration.ofSeconds(30))
          .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(Topics.AGENTS_ROUTED.name() + " not read to its end in 30 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          RoutingDecision decision = record.value();
          if (decision != null && decision.tenant().equals(tenant) && wanted.contains(decision.messageId())) {
            decisions.put(decision.messageId(), decision);
          }
        });
      }
    }
    return decisions;
  }
}
