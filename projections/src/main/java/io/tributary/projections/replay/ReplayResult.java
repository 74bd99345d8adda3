package io.tributary.projections.replay;

import java.time.Duration;

/**
 * A finished replay: the generation is live.
 *
 * @param generation the new live generation
 * @param records records consumed
 * @param loadTime time of the bulk load
 * @param indexTime time of the index build
 * @param total time from start to switch
 */
public record ReplayResult(int generation, long records, Duration loadTime, Duration indexTime, Duration total) {

  /** Records per second of the bulk load and index build together. */
  public double recordsPerSecond() {
    double seconds = (loadTime.toNanos() + indexTime.toNanos()) / 1e9;
    return seconds <= 0 ? 0 : records / seconds;
  }
}
