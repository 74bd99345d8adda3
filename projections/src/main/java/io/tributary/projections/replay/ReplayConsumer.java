package io.tributary.projections.replay;

import io.tributary.schemas.topics.Topic;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The consumer of a replay: assigned partitions, no group (it must not disturb the live projector's). */
final class ReplayConsumer {

  private ReplayConsumer() {}

  static KafkaConsumer<byte[], byte[]> open(Topic<?, ?> topic, ReplaySettings settings) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-replay-" + topic.name());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.maxPollRecords()));
    // The memory budget bounds what a fetch returns (a record larger than that still comes alone).
    String maxBytes = Integer.toString(settings.limits().fetchBytes());
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxBytes);
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, maxBytes);
    return settings.kafka().consumer(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, Topic<?, ?> topic) {
    return consumer.partitionsFor(topic.name()).stream()
        .map(info -> new TopicPartition(topic.name(), info.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }
}
