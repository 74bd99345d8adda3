package io.tributary.monitoring.lag;

import java.time.Duration;

/**
 * How the lag collector samples and judges.
 *
 * @param interval time between samples
 * @param stallWindow how long a lagging committed offset must stand still to count as stalled
 * @param trendWindow the trailing window trends are measured over
 * @param retentionMarginOffsets a lagging group closer than this to the log start is at retention risk
 * @param historySize samples kept in memory for charts (the ring buffer's capacity)
 * @param kafkaTimeout longest wait for one Kafka call or record probe
 */
public record LagSettings(Duration interval, Duration stallWindow, Duration trendWindow, long retentionMarginOffsets,
    int historySize, Duration kafkaTimeout) {

  public LagSettings {
    positive(interval, "interval");
    positive(stallWindow, "stallWindow");
    positive(trendWindow, "trendWindow");
    positive(kafkaTimeout, "kafkaTimeout");
    if (retentionMarginOffsets < 0) {
      throw new IllegalArgumentException("retentionMarginOffsets must be >= 0, was " + retentionMarginOffsets);
    }
    if (historySize < 2) {
      throw new IllegalArgumentException("historySize must be >= 2, was " + historySize);
    }
  }

  private static void positive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /** The derivation these settings describe. */
  public LagDerivation derivation() {
    return new LagDerivation(stallWindow, trendWindow, retentionMarginOffsets);
  }

  /** How far back the kept history reaches. */
  public Duration historySpan() {
    return interval.multipliedBy(historySize);
  }
}
