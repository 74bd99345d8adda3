package io.tributary.monitoring.lag;

/** How close a group's committed offset is to records the log has already deleted. */
public enum Retention {
  /** Caught up, or comfortably ahead of the log start. */
  OK,
  /** Lagging and within the margin of the log start: the next deletion may remove unconsumed records. */
  AT_RISK,
  /** The committed offset is below the log start: records the group never consumed are gone. */
  DATA_LOST;

  /**
   * Classifies a position. A log start of 0 means retention never deleted anything from this partition
   * (compacted topics, young topics), so being near it is no risk yet; losses are flagged whatever the margin.
   */
  public static Retention of(long committed, long logStart, long end, long marginOffsets) {
    if (committed < logStart) {
      return DATA_LOST;
    }
    boolean lagging = end > committed;
    if (lagging && logStart > 0 && committed - logStart < marginOffsets) {
      return AT_RISK;
    }
    return OK;
  }

  /** True for anything but {@link #OK}. */
  public boolean risky() {
    return this != OK;
  }
}
