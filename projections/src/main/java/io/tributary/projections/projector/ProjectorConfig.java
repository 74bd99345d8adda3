package io.tributary.projections.projector;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.kafka.KafkaClients;
import java.time.Duration;
import java.util.Map;

/**
 * How a {@link ProjectorRunner} reaches Kafka and how it waits.
 *
 * @param kafka the process's Kafka clients (connection and security)
 * @param consumerOverrides extra consumer properties (security, tuning); they cannot turn off
 *     the settings the runner's guarantees rest on (manual commits, read_committed)
 * @param pollTimeout longest a poll waits for records
 * @param initialBackoff first wait after a failed batch; doubled per consecutive failure
 * @param maxBackoff cap of the wait after failures
 * @param closeTimeout how long {@link ProjectorRunner#close()} waits for the thread to end
 * @param unexpectedAttempts how many times a batch failing with an unclassified exception (neither
 *     a data error nor an outage) is tried before the record that fails is dead-lettered as
 *     {@code UNEXPECTED_ERROR}
 */
public record ProjectorConfig(
    KafkaClients kafka,
    Map<String, String> consumerOverrides,
    Duration pollTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration closeTimeout,
    int unexpectedAttempts) {

  /** Default of {@link #unexpectedAttempts}: a bug that fails every time stalls the partition for seconds, not forever. */
  public static final int DEFAULT_UNEXPECTED_ATTEMPTS = 5;

  public ProjectorConfig {
    requireNonNull(kafka, "kafka");
    consumerOverrides = consumerOverrides == null ? Map.of() : Map.copyOf(consumerOverrides);
    requirePositive(pollTimeout, "pollTimeout");
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    requirePositive(closeTimeout, "closeTimeout");
    if (unexpectedAttempts < 1) {
      throw new IllegalArgumentException("unexpectedAttempts must be >= 1, was " + unexpectedAttempts);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
    }
  }

  /** Defaults: 500 ms polls, back-off from 200 ms to 30 s, 30 s to close. */
  public static ProjectorConfig of(KafkaClients kafka) {
    return new ProjectorConfig(
        kafka,
        Map.of(),
        Duration.ofMillis(500),
        Duration.ofMillis(200),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        DEFAULT_UNEXPECTED_ATTEMPTS);
  }

  /** A copy that dead-letters a record after {@code attempts} unclassified failures of its batch. */
  public ProjectorConfig withUnexpectedAttempts(int attempts) {
    return new ProjectorConfig(kafka, consumerOverrides, pollTimeout, initialBackoff, maxBackoff,
        closeTimeout, attempts);
  }

  /** A copy with other back-off bounds. */
  public ProjectorConfig withBackoff(Duration initial, Duration max) {
    return new ProjectorConfig(kafka, consumerOverrides, pollTimeout, initial, max, closeTimeout,
        unexpectedAttempts);
  }

  /** A copy with other consumer overrides. */
  public ProjectorConfig withConsumerOverrides(Map<String, String> overrides) {
    return new ProjectorConfig(kafka, overrides, pollTimeout, initialBackoff, maxBackoff, closeTimeout,
        unexpectedAttempts);
  }

  private static void requirePositive(Duration duration, String name) {
    requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
