package io.tributary.platform.cli.sources;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.AgentMessageReader;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.intents.ActiveCatalogue;
import io.tributary.streams.intents.LoggedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what is on the agent topics now, from the beginning, without a consumer group. */
public final class AgentLog {

  private final KafkaClients kafka;

  public AgentLog(KafkaClients kafka) {
    this.kafka = kafka;
  }

  /** The readable messages of {@code agents.messages.v1}, at most {@code max} (the latest ones); bad records are skipped. */
  public List<LoggedMessage> messages(int max) {
    AgentMessageReader reader = AgentMessageReader.v1();
    List<LoggedMessage> messages = new ArrayList<>();
    readAll(Topics.AGENTS_MESSAGES, record -> {
      try {
        String conversation = reader.conversationId(record.key());
        AgentMessage message = reader.read(record.value());
        messages.add(new LoggedMessage(conversation, message, Instant.ofEpochMilli(record.timestamp())));
      } catch (InvalidRecordException e) {
        // The router dead-lettered these too; a replay skips them the same way.
      }
    });
    messages.sort(java.util.Comparator.comparing(LoggedMessage::at));
    return messages.size() <= max ? messages : List.copyOf(messages.subList(messages.size() - max, messages.size()));
  }

  /** The active catalogue on {@code agents.catalogue.v1}, if one was published. */
  public Optional<AgentCatalogue> activeCatalogue() {
    return new ActiveCatalogue(kafka).read(Duration.ofMinutes(2));
  }

  private void readAll(Topic<?, ?> topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(Map.<String, Object>of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }
}
