package io.tributary.schemas.topics;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One Kafka topic of the catalogue: its name, layout and the serdes of its keys and values.
 *
 * <p>Code never types a topic name or a serde inline; it takes both from a {@code Topic}.
 */
public record Topic<K, V>(
    String name,
    int partitions,
    boolean compacted,
    int maxMessageBytes,
    Serde<K> keySerde,
    Serde<V> valueSerde) {

  /** Kafka's default max.message.bytes; used for topics that need nothing larger. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

  private static final String DEAD_LETTER_SUFFIX = ".dlq.v1";

  public Topic {
    requireNonNull(name, "name");
    requireNonNull(keySerde, "keySerde");
    requireNonNull(valueSerde, "valueSerde");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1 for topic " + name);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be >= 1 for topic " + name);
    }
  }

  /** The dead-letter topic of this topic: same partitions, original key and value bytes. */
  public Topic<byte[], byte[]> deadLetters() {
    // A dead letter carries the original record, so it must fit whatever the origin accepted.
    return new Topic<>(
        name + DEAD_LETTER_SUFFIX,
        partitions,
        false,
        maxMessageBytes,
        Serdes.ByteArray(),
        Serdes.ByteArray());
  }

  /** Whether this is a dead-letter topic. */
  public boolean isDeadLetters() {
    return name.endsWith(DEAD_LETTER_SUFFIX);
  }

  /**
   * Topic-level configs the topic is created and kept with (ADR 0014): compacted topics keep
   * tombstones for {@link TopicRetention#TOMBSTONE_WINDOW}, delete-policy topics have an explicit
   * retention. {@code min.insync.replicas} depends on the cluster, see {@link TopicProvisioner}.
   */
  public Map<String, String> configs() {
    Map<String, String> configs = new HashMap<>();
    configs.put(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
    configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
    if (compacted) {
      configs.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, millis(TopicRetention.TOMBSTONE_WINDOW));
      configs.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, millis(TopicRetention.MIN_COMPACTION_LAG));
    } else {
      configs.put(TopicConfig.RETENTION_MS_CONFIG,
          millis(isDeadLetters() ? TopicRetention.DEAD_LETTERS : TopicRetention.EVENTS));
    }
    return Map.copyOf(configs);
  }

  private static String millis(java.time.Duration duration) {
    return Long.toString(duration.toMillis());
  }
}
