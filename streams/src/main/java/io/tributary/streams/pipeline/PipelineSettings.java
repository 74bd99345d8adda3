package io.tributary.streams.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.kafka.KafkaClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the document pipeline process.
 *
 * @param kafka the process's Kafka clients (bootstrap servers, security)
 * @param applicationId Kafka Streams application id: consumer group, transactional id and
 *     internal topic prefix; instances with the same id share the work
 * @param stateDir where RocksDB keeps the {@code document-versions} store
 * @param embedWorkers threads one embedding batch is spread over
 * @param streamThreads Kafka Streams threads; 1 is enough, since a batch is already parallel
 * @param commitInterval how often a transaction commits; under exactly-once this is the latency
 *     that read-committed consumers see
 * @param transactionTimeout how long a transaction may stay open: it must outlast embedding one
 *     poll's records (retries included), and it is how long an instance that dies mid-transaction
 *     holds back the partitions' next owner and every read-committed reader
 * @param overrides any further Kafka Streams or client properties (security, for one), applied last
 */
public record PipelineSettings(
    KafkaClients kafka,
    String applicationId,
    Path stateDir,
    int embedWorkers,
    int streamThreads,
    Duration commitInterval,
    Duration transactionTimeout,
    Map<String, String> overrides) {

  public static final String DEFAULT_APPLICATION_ID = "tributary-document-pipeline";
  /** Kafka Streams' own default under exactly-once: fresh results, no measurable bulk cost (ADR 0028). */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
  /**
   * Embedding a large document takes seconds to tens of seconds inside an open transaction;
   * Streams' exactly-once default (10 s) would abort it and re-process the same record forever.
   */
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);

  public PipelineSettings {
    requireNonNull(kafka, "kafka");
    requireNonNull(applicationId, "applicationId");
    requireNonNull(stateDir, "stateDir");
    requireNonNull(commitInterval, "commitInterval");
    requireNonNull(transactionTimeout, "transactionTimeout");
    overrides = Map.copyOf(requireNonNull(overrides, "overrides"));
    if (applicationId.isBlank()) {
      throw new IllegalArgumentException("applicationId must not be blank");
    }
    if (embedWorkers < 1 || streamThreads < 1) {
      throw new IllegalArgumentException(
          "embedWorkers and streamThreads must be >= 1, were " + embedWorkers + " and " + streamThreads);
    }
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("commitInterval must be positive, was " + commitInterval);
    }
    if (transactionTimeout.compareTo(commitInterval) <= 0) {
      throw new IllegalArgumentException("transactionTimeout must be longer than the commit interval ("
          + commitInterval + "), was " + transactionTimeout);
    }
  }

  /** Defaults: the standard application id, one embed worker per processor, one stream thread, 100 ms commits, 60 s transactions. */
  public static PipelineSettings defaults(KafkaClients kafka, Path stateDir) {
    return new PipelineSettings(
        kafka,
        DEFAULT_APPLICATION_ID,
        stateDir,
        Runtime.getRuntime().availableProcessors(),
        1,
        DEFAULT_COMMIT_INTERVAL,
        DEFAULT_TRANSACTION_TIMEOUT,
        Map.of());
  }

  public PipelineSettings withApplicationId(String applicationId) {
    return new PipelineSettings(
        kafka, applicationId, stateDir, embedWorkers, streamThreads, commitInterval, transactionTimeout, overrides);
  }

  public PipelineSettings withEmbedWorkers(int embedWorkers) {
    return new PipelineSettings(
        kafka, applicationId, stateDir, embedWorkers, streamThreads, commitInterval, transactionTimeout, overrides);
  }

  public PipelineSettings withTransactionTimeout(Duration transactionTimeout) {
    return new PipelineSettings(
        kafka, applicationId, stateDir, embedWorkers, streamThreads, commitInterval, transactionTimeout, overrides);
  }

  public PipelineSettings withOverrides(Map<String, String> overrides) {
    return new PipelineSettings(
        kafka, applicationId, stateDir, embedWorkers, streamThreads, commitInterval, transactionTimeout, overrides);
  }
}
