package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.kafka.KafkaClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the intent router process.
 *
 * @param applicationId Kafka Streams application id (consumer group, transactional id, internal
 *     topic prefix); instances with the same id share the conversations by partition
 * @param stateDir where RocksDB keeps the conversation store
 * @param commitInterval how often a transaction commits: the latency read-committed consumers see
 * @param overrides further Kafka Streams or client properties (security), applied last
 * @param batching how many messages are classified in one model call, and how long one waits
 */
public record RouterSettings(
    KafkaClients kafka, String applicationId, Path stateDir, Duration commitInterval,
    Map<String, String> overrides, RouterBatching batching) {

  public static final String DEFAULT_APPLICATION_ID = "tributary-intent-router";
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

  public RouterSettings {
    requireNonNull(kafka, "kafka");
    requireNonNull(applicationId, "applicationId");
    requireNonNull(stateDir, "stateDir");
    requireNonNull(commitInterval, "commitInterval");
    overrides = Map.copyOf(requireNonNull(overrides, "overrides"));
    requireNonNull(batching, "batching");
    if (applicationId.isBlank()) {
      throw new IllegalArgumentException("applicationId must not be blank");
    }
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("commitInterval must be positive, was " + commitInterval);
    }
  }

  /** Settings with the default batching. */
  public RouterSettings(KafkaClients kafka, String applicationId, Path stateDir, Duration commitInterval,
      Map<String, String> overrides) {
    this(kafka, applicationId, stateDir, commitInterval, overrides, RouterBatching.defaults());
  }

  /** The standard application id, 100 ms commits and the default batching. */
  public static RouterSettings defaults(KafkaClients kafka, Path stateDir) {
    return new RouterSettings(kafka, DEFAULT_APPLICATION_ID, stateDir, DEFAULT_COMMIT_INTERVAL, Map.of());
  }

  public RouterSettings withApplicationId(String applicationId) {
    return new RouterSettings(kafka, applicationId, stateDir, commitInterval, overrides, batching);
  }

  public RouterSettings withBatching(RouterBatching batching) {
    return new RouterSettings(kafka, applicationId, stateDir, commitInterval, overrides, batching);
  }
}
