package io.tributary.monitoring.lag;

/**
 * The lag of one group in one partition at one sampling instant, with what is derived from history.
 *
 * @param lagOffsets records between the committed offset and the end
 * @param lagSeconds age of the oldest unconsumed record (from its timestamp), 0 when none waits
 * @param trend change of lag over the trend window
 * @param stalled records wait and the committed offset did not move for the stall window
 * @param retention how close the committed offset is to records already deleted
 */
public record PartitionLag(String group, GroupKind kind, String topic, int partition, long committedOffset,
    long endOffset, long logStartOffset, long lagOffsets, double lagSeconds, Trend trend, boolean stalled,
    Retention retention) {

  /** This partition as a point of its lag series. */
  public LagPoint point(java.time.Instant at) {
    return new LagPoint(at, committedOffset, lagOffsets, lagSeconds);
  }

  /** The key that identifies this partition of this group across samples. */
  public String key() {
    return group + "|" + topic + "|" + partition;
  }
}
