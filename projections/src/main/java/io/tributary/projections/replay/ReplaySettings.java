package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a replay reaches Kafka and how long an old generation survives a switch.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param maxPollRecords records per poll, hence per transaction of the bulk load
 * @param pollTimeout longest a poll waits
 * @param retireGrace how long a replaced generation is kept before it is dropped
 * @param limits connections and memory the replay may take
 */
public record ReplaySettings(String bootstrapServers, int maxPollRecords, Duration pollTimeout, Duration retireGrace,
    ReplayLimits limits) {

  public ReplaySettings {
    requireNonNull(bootstrapServers, "bootstrapServers");
    requireNonNull(limits, "limits");
    requireNonNull(pollTimeout, "pollTimeout");
    requireNonNull(retireGrace, "retireGrace");
    if (maxPollRecords < 1) {
      throw new IllegalArgumentException("maxPollRecords must be >= 1");
    }
    if (retireGrace.isNegative()) {
      throw new IllegalArgumentException("retireGrace must not be negative");
    }
  }

  /** Settings with the small-machine limits. */
  public ReplaySettings(String bootstrapServers, int maxPollRecords, Duration pollTimeout, Duration retireGrace) {
    this(bootstrapServers, maxPollRecords, pollTimeout, retireGrace, ReplayLimits.smallMachine());
  }

  /**
   * Defaults: 2,000 records per transaction, 500 ms polls, old generation kept 10 minutes, the
   * small-machine limits.
   */
  public static ReplaySettings of(String bootstrapServers) {
    return new ReplaySettings(bootstrapServers, 2000, Duration.ofMillis(500), Duration.ofMinutes(10));
  }

  /** A copy with another grace period. */
  public ReplaySettings withRetireGrace(Duration grace) {
    return new ReplaySettings(bootstrapServers, maxPollRecords, pollTimeout, grace, limits);
  }

  /** A copy with other limits. */
  public ReplaySettings withLimits(ReplayLimits other) {
    return new ReplaySettings(bootstrapServers, maxPollRecords, pollTimeout, retireGrace, other);
  }
}
