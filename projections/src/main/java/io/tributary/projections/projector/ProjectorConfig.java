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
 */
public record ProjectorConfig(
    KafkaClients kafka,
    Map<String, String> consumerOverrides,
    Duration pollTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration closeTimeout) {

  public ProjectorConfig {
    requireNonNull(kafka, "kafka");
    consumerOverrides = consumerOverrides == null ? Map.of() : Map.copyOf(consumerOverrides);
    requirePositive(pollTimeout, "pollTimeout");
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    requirePositive(closeTimeout, "closeTimeout");
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
        Duration.ofSeconds(30));
  }

  /** A copy with other back-off bounds. */
  public ProjectorConfig withBackoff(Duration initial, Duration max) {
    return new ProjectorConfig(kafka, consumerOverrides, pollTimeout, initial, max, closeTimeout);
  }

  /** A copy with other consumer overrides. */
  public ProjectorConfig withConsumerOverrides(Map<String, String> overrides) {
    return new ProjectorConfig(kafka, overrides, pollTimeout, initialBackoff, maxBackoff, closeTimeout);
  }

  private static void requirePositive(Duration duration, String name) {
    requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
