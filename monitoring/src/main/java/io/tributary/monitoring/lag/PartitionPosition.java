package io.tributary.monitoring.lag;

import java.time.Instant;

/**
 * Where one group stands in one partition at sampling time, as read from Kafka (and Postgres for projections).
 *
 * @param committed the next offset the group will consume
 * @param end the partition's log end (last stable offset)
 * @param logStart the oldest offset still in the log
 * @param oldestUnconsumed timestamp of the first record at or after {@code committed}; {@code null} when none
 *     is waiting (caught up, or only transaction markers lie between committed and end)
 */
public record PartitionPosition(String group, GroupKind kind, String topic, int partition, long committed,
    long end, long logStart, Instant oldestUnconsumed) {

  /** Records between the committed offset and the end. */
  public long offsetLag() {
    return Math.max(0, end - committed);
  }

  /** The key that identifies this partition of this group across samples. */
  public String key() {
    return group + "|" + topic + "|" + partition;
  }
}
