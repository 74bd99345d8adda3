package io.tributary.schemas.topics;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** One topic as the cluster has it: partitions, replicas of its first partition, topic configs. */
public record TopicState(String name, int partitions, short replicationFactor, Map<String, String> configs) {

  public TopicState {
    requireNonNull(name, "name");
    configs = Map.copyOf(configs);
  }
}
