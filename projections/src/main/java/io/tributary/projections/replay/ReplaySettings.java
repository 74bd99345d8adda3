package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.kafka.KafkaClients;
import java.time.Duration;

/**
 * How a replay reaches Kafka and how long an old generation survives a switch.
 *
 * @param kafka the process's Kafka clients (connection and security)
 * @param maxPollRecords records per poll, hence per transaction of the bulk load
 * @param pollTimeout longest a poll waits
 * @param retireGrace how long a replaced generation is kept before it is dropped
 * @param limits connections and memory the replay may take
 */
public record ReplaySettings(KafkaClients kafka, int maxPollRecords, Duration pollTimeout, Duration retireGrace,
    ReplayLimits limits) {

  public ReplaySettings {
    requireNonNull(kafka, "kafka");
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
  public ReplaySettings(KafkaClients kafka, int maxPollRecords, Duration pollTimeout, Duration retireGrace) {
    this(kafka, maxPollRecords, pollTimeout, retireGrace, ReplayLimits.smallMachine());
  }

  /**
   * Defaults: 2,000 records per transaction, 500 ms polls, old generation kept 10 minutes, the
   * small-machine limits.
   */
  public static ReplaySettings of(KafkaClients kafka) {
    return new ReplaySettings(kafka, 2000, Duration.ofMillis(500), Duration.ofMinutes(10));
  }

  /** A copy with another grace period. */
  public ReplaySettings withRetireGrace(Duration grace) {
    return new ReplaySettings(kafka, maxPollRecords, pollTimeout, grace, limits);
  }

  /** A copy with other limits. */
  public ReplaySettings withLimits(ReplayLimits other) {
    return new ReplaySettings(kafka, maxPollRecords, pollTimeout, retireGrace, other);
  }
}
