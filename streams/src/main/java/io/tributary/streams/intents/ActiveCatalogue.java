package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.tributary.schemas.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the catalogue the routers use now: the last readable value under {@link Topics#CATALOGUE_KEY}
 * on {@code agents.catalogue.v1}, read to its end without a consumer group.
 */
public final class ActiveCatalogue {

  private final KafkaClients kafka;

  public ActiveCatalogue(KafkaClients kafka) {
    this.kafka = requireNonNull(kafka, "kafka");
  }

  /** The active catalogue, empty when none was ever published; throws if the topic cannot be read in {@code timeout}. */
  public Optional<AgentCatalogue> read(Duration timeout) {
    JsonSerde<AgentCatalogue> serde = JsonSerde.of(AgentCatalogue.class);
    AgentCatalogue latest = null;
    try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(Map.<String, Object>of(
        ConsumerConfig.CLIENT_ID_CONFIG, "tributary-catalogue-reader",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGENTS_CATALOGUE.name(), timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + Topics.AGENTS_CATALOGUE.name() + " to its end within "
              + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key() != null && record.value() != null
              && Topics.CATALOGUE_KEY.equals(new String(record.key(), StandardCharsets.UTF_8))) {
            try {
              latest = serde.fromBytes(record.value());
            } catch (RuntimeException e) {
              // The router skips an unreadable catalogue and keeps the previous one; so does this reader.
            }
          }
        }
      }
    }
    return Optional.ofNullable(latest);
  }
}
