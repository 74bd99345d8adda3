package io.tributary.schemas.topics;

/**
 * How many partitions and replicas the catalogue's topics get on a cluster (ADR 0014).
 *
 * @param partitions partitions of every multi-partition topic ({@code TRIBUTARY_TOPIC_PARTITIONS});
 *     0 keeps each topic's catalogue default. Single-partition topics (the agent catalogue, read
 *     as a global table) always keep one.
 * @param replicationFactor replicas per partition; {@link #AUTOMATIC} means 3 when the cluster has
 *     three or more brokers, else the broker count (with a warning)
 */
public record TopicLayout(int partitions, short replicationFactor) {

  /** Partitions of the scalable topics unless configured: room for 12 instances per consumer group. */
  public static final int DEFAULT_PARTITIONS = 12;

  /** Replication factor chosen from the cluster's size. */
  public static final short AUTOMATIC = -1;

  /** The replication factor production aims for. */
  public static final short TARGET_REPLICATION_FACTOR = 3;

  public TopicLayout {
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be >= 0 (0 = catalogue default), was " + partitions);
    }
    if (replicationFactor == 0 || replicationFactor < AUTOMATIC) {
      throw new IllegalArgumentException("replicationFactor must be -1 (automatic) or >= 1, was " + replicationFactor);
    }
  }

  /** The production default: 12 partitions, replication chosen from the cluster's size. */
  public static TopicLayout defaults() {
    return new TopicLayout(DEFAULT_PARTITIONS, AUTOMATIC);
  }

  /** Each topic's catalogue partitions with {@code replicationFactor} replicas (tests, benchmarks). */
  public static TopicLayout catalogue(short replicationFactor) {
    return new TopicLayout(0, replicationFactor);
  }

  /** The partitions {@code topic} is created with. */
  public int partitionsOf(Topic<?, ?> topic) {
    return partitions == 0 || topic.partitions() == 1 ? topic.partitions() : partitions;
  }

  /** The replication factor on a cluster of {@code brokers} brokers. */
  public short replicationFactorFor(int brokers) {
    if (replicationFactor != AUTOMATIC) {
      return replicationFactor;
    }
    return (short) Math.max(1, Math.min(TARGET_REPLICATION_FACTOR, brokers));
  }

  /** {@code min.insync.replicas} for {@code replicationFactor}: 2 from three replicas on, else 1. */
  public static int minInsyncReplicas(short replicationFactor) {
    return replicationFactor >= TARGET_REPLICATION_FACTOR ? 2 : 1;
  }
}
