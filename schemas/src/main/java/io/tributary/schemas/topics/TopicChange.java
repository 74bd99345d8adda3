package io.tributary.schemas.topics;

/** One difference between the catalogue and the cluster, as {@code tributary topics} prints and applies it. */
public sealed interface TopicChange {

  /** The topic it concerns. */
  String topic();

  /** One line for a person. */
  String describe();

  /** A missing topic, created as specified. */
  record Create(TopicSpec spec) implements TopicChange {
    @Override
    public String topic() {
      return spec.name();
    }

    @Override
    public String describe() {
      return "create " + spec.name() + ": " + spec.partitions() + " partitions, replication factor "
          + spec.replicationFactor() + ", " + new java.util.TreeMap<>(spec.configs());
    }
  }

  /**
   * Fewer partitions than the catalogue asks for. Raising them moves keys to other partitions, so
   * it is applied only when asked for explicitly (ADR 0014).
   */
  record RaisePartitions(String topic, int from, int to) implements TopicChange {
    @Override
    public String describe() {
      return "raise partitions of " + topic + " from " + from + " to " + to
          + " (keys move to other partitions: stop the streams role first)";
    }
  }

  /** More partitions than the catalogue asks for: never lowered (Kafka cannot, and keys would move). */
  record KeepPartitions(String topic, int actual, int catalogue) implements TopicChange {
    @Override
    public String describe() {
      return "keep " + topic + " at " + actual + " partitions (catalogue: " + catalogue + "; partitions are never lowered)";
    }
  }

  /** A replication factor the command cannot change; reassigning replicas is an operator's job. */
  record ReplicationDiffers(String topic, short actual, short wanted) implements TopicChange {
    @Override
    public String describe() {
      return "WARNING " + topic + " has replication factor " + actual + ", wanted " + wanted
          + "; not changed (reassign replicas with kafka-reassign-partitions or your provider's console)";
    }
  }

  /** A topic config to set; {@code from} is null when the topic has the broker's default. */
  record SetConfig(String topic, String key, String from, String to) implements TopicChange {
    @Override
    public String describe() {
      return "set " + topic + " " + key + "=" + to + (from == null ? " (broker default)" : " (was " + from + ")");
    }
  }
}
