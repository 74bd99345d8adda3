package io.tributary.monitoring.lag;

/**
 * One group rolled up over its partitions.
 *
 * @param lagOffsets sum over partitions
 * @param lagSeconds maximum over partitions: the staleness of the most stale partition
 * @param committedOffsets sum of committed offsets (its rate is the group's throughput)
 * @param stalledPartitions partitions flagged stalled
 * @param retention the worst retention state of any partition
 */
public record GroupLag(String group, GroupKind kind, String state, int members, int partitions,
    long committedOffsets, long lagOffsets, double lagSeconds, Trend trend, int stalledPartitions,
    Retention retention) {

  /** True when any partition is stalled. */
  public boolean stalled() {
    return stalledPartitions > 0;
  }

  /** This group as a point of its lag series. */
  public LagPoint point(java.time.Instant at) {
    return new LagPoint(at, committedOffsets, lagOffsets, lagSeconds);
  }
}
