package io.tributary.monitoring.lag;

/**
 * Whether this replica is the one that exports cluster-wide gauges. Asked before every lag sample;
 * an implementation may try to become leader when asked.
 */
@FunctionalInterface
public interface Leadership {

  /** True while this replica leads; false makes it a follower for this sample. */
  boolean leads();

  /** A replica that always leads: a single process (dev mode, the {@code lag} command). */
  static Leadership alone() {
    return () -> true;
  }
}
