package io.tributary.schemas.topics;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What one catalogue topic should look like on a particular cluster: partitions, replicas and
 * topic configs including {@code min.insync.replicas}.
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

  public TopicSpec {
    requireNonNull(name, "name");
    configs = Map.copyOf(configs);
  }

  /** {@code topic} laid out by {@code layout} on a cluster of {@code brokers} brokers. */
  public static TopicSpec of(Topic<?, ?> topic, TopicLayout layout, int brokers) {
    short replicas = layout.replicationFactorFor(brokers);
    Map<String, String> configs = new HashMap<>(topic.configs());
    configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(TopicLayout.minInsyncReplicas(replicas)));
    return new TopicSpec(topic.name(), layout.partitionsOf(topic), replicas, configs);
  }
}
