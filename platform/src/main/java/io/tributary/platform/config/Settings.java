package io.tributary.platform.config;

import io.tributary.projections.db.DatabaseUrls;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.kafka.KafkaSettingsException;
import io.tributary.schemas.topics.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every setting of a Tributary process, already merged: environment first, {@code application.yaml}
 * defaults second. Accessors parse and validate, so a bad value fails at start with its name.
 */
public final class Settings {

  private final Map<String, String> values;

  Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** A copy with some settings replaced (dev mode fills in the embedded services' addresses). */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(overrides);
    return new Settings(merged);
  }

  /** The raw value, empty when unset or blank. */
  public Optional<String> value(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** The value of a setting the current role cannot run without. */
  public String required(String name) {
    return value(name).orElseThrow(() -> new SettingsException(name + " is not set (and no running ./tributary dev was found); see docs/configuration.md"));
  }

  public int integer(String name) {
    String raw = required(name);
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new SettingsException(name + " must be an integer, was '" + raw + "'");
    }
  }

  public Path path(String name) {
    String raw = required(name);
    if (raw.equals("~") || raw.startsWith("~/")) {
      raw = System.getProperty("user.home") + raw.substring(1);
    }
    return Path.of(raw).toAbsolutePath().normalize();
  }

  /** The bootstrap servers every Kafka client of this process uses (see {@link #kafkaClients()}). */
  public String kafkaBootstrapServers() {
    return kafkaClients().bootstrapServers();
  }

  /**
   * The one factory of this process's Kafka clients: {@code TRIBUTARY_KAFKA_PROPERTIES_FILE}, then
   * {@code TRIBUTARY_KAFKA_<PROPERTY>} variables, then {@code KAFKA_BOOTSTRAP_SERVERS} (docs/kafka-clusters.md).
   */
  public KafkaClients kafkaClients() {
    try {
      return KafkaClients.fromEnvironment(values);
    } catch (KafkaSettingsException e) {
      throw new SettingsException(e.getMessage());
    }
  }

  /** Partitions and replication of the topics Tributary creates (ADR 0014). */
  public TopicLayout topicLayout() {
    int partitions = positive("TRIBUTARY_TOPIC_PARTITIONS");
    return new TopicLayout(partitions, topicReplicationFactor());
  }

  /** The database as a JDBC URL; {@code postgres://user:pass@host/db} is converted. */
  public String databaseUrl() {
    return DatabaseUrls.toJdbc(required("DATABASE_URL"));
  }

  public String redisUrl() {
    return required("REDIS_URL");
  }

  public Path home() {
    return path("TRIBUTARY_HOME");
  }

  public String apiHost() {
    return required("TRIBUTARY_API_HOST");
  }

  public int apiPort() {
    int port = integer("TRIBUTARY_API_PORT");
    if (port < 0 || port > 65_535) {
      throw new SettingsException("TRIBUTARY_API_PORT must be between 0 and 65535, was " + port);
    }
    return port;
  }

  /**
   * Management port of {@code /metrics} for every role (never the API port); empty when
   * {@code TRIBUTARY_METRICS_PORT} is -1 (off).
   */
  public java.util.OptionalInt metricsPort() {
    int port = integer("TRIBUTARY_METRICS_PORT");
    if (port < -1 || port > 65_535) {
      throw new SettingsException("TRIBUTARY_METRICS_PORT must be -1 (off) or between 0 and 65535, was " + port);
    }
    return port == -1 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(port);
  }

  public String metricsHost() {
    return required("TRIBUTARY_METRICS_HOST");
  }

  /** Bearer token a scrape of the management port's {@code /metrics} must send; empty = none asked. */
  public Optional<String> metricsToken() {
    Optional<String> token = value("TRIBUTARY_METRICS_TOKEN");
    token.filter(t -> t.length() < 16).ifPresent(t -> {
      throw new SettingsException("TRIBUTARY_METRICS_TOKEN must be at least 16 characters long");
    });
    return token;
  }

  public String tenant() {
    return required("TRIBUTARY_TENANT");
  }

  /** Writes (documents, intents) one tenant may have in flight at once; 0 = unlimited. */
  public int tenantWritesInFlight() {
    return nonNegative("TRIBUTARY_TENANT_WRITES_IN_FLIGHT");
  }

  /** Writes one tenant may start per minute, bursts up to the same number; 0 = unlimited. */
  public int tenantWritesPerMinute() {
    return nonNegative("TRIBUTARY_TENANT_WRITES_PER_MINUTE");
  }

  public int maxBodyBytes() {
    return positive("TRIBUTARY_MAX_BODY_BYTES");
  }

  public int embedWorkers() {
    int workers = integer("TRIBUTARY_EMBED_WORKERS");
    return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
  }

  /**
   * Tokens the in-process MiniLM sees per text ([CLS] and [SEP] included), which is also what the
   * chunker fills, with an eighth as overlap; longer text is cut off (ADR 0027 chose 256 over 128).
   */
  public int embedWindowTokens() {
    return positive("TRIBUTARY_EMBED_WINDOW_TOKENS");
  }

  /** How often the document pipeline commits its exactly-once transaction. */
  public Duration pipelineCommitInterval() {
    return Duration.ofMillis(positive("TRIBUTARY_PIPELINE_COMMIT_INTERVAL_MS"));
  }

  /**
   * How long a pipeline transaction may stay open ({@code TRIBUTARY_PIPELINE_TRANSACTION_TIMEOUT_MS}):
   * longer than embedding one poll's documents with retries, and how long an instance that dies
   * mid-transaction holds back readers of the embedded topic.
   */
  public Duration pipelineTransactionTimeout() {
    Duration timeout = Duration.ofMillis(positive("TRIBUTARY_PIPELINE_TRANSACTION_TIMEOUT_MS"));
    if (timeout.compareTo(pipelineCommitInterval()) <= 0) {
      throw new SettingsException("TRIBUTARY_PIPELINE_TRANSACTION_TIMEOUT_MS must be longer than "
          + "TRIBUTARY_PIPELINE_COMMIT_INTERVAL_MS, was " + timeout.toMillis());
    }
    return timeout;
  }

  public String streamsApplicationId() {
    return required("TRIBUTARY_STREAMS_APPLICATION_ID");
  }

  public Path streamsStateDir() {
    return value("TRIBUTARY_STATE_DIR").isPresent() ? path("TRIBUTARY_STATE_DIR") : home().resolve("streams-state");
  }

  public int dbPoolSize() {
    return positive("TRIBUTARY_DB_POOL_SIZE");
  }

  public short topicReplicationFactor() {
    int factor = integer("TRIBUTARY_TOPIC_REPLICATION_FACTOR");
    if (factor == 0 || factor < -1 || factor > Short.MAX_VALUE) {
      throw new SettingsException("TRIBUTARY_TOPIC_REPLICATION_FACTOR must be -1 or >= 1, was " + factor);
    }
    return (short) factor;
  }

  /** How long a replaced read-model generation is kept before it is dropped (ISO-8601, e.g. PT10M). */
  public java.time.Duration replayRetireGrace() {
    String raw = required("TRIBUTARY_REPLAY_RETIRE_GRACE");
    try {
      java.time.Duration grace = java.time.Duration.parse(raw);
      if (grace.isNegative()) {
        throw new SettingsException("TRIBUTARY_REPLAY_RETIRE_GRACE must not be negative, was " + raw);
      }
      return grace;
    } catch (java.time.format.DateTimeParseException e) {
      throw new SettingsException("TRIBUTARY_REPLAY_RETIRE_GRACE must be an ISO-8601 duration such as PT10M, was '"
          + raw + "'");
    }
  }

  /**
   * What one replay or roll may take: TRIBUTARY_REPLAY_MAX_CONNECTIONS, TRIBUTARY_REPLAY_MAX_MEMORY_MB,
   * TRIBUTARY_REPLAY_MAINTENANCE_WORK_MEM and TRIBUTARY_REPLAY_PARALLEL_MAINTENANCE_WORKERS.
   */
  public io.tributary.projections.replay.ReplayLimits replayLimits() {
    int connections = integer("TRIBUTARY_REPLAY_MAX_CONNECTIONS");
    int memory = positive("TRIBUTARY_REPLAY_MAX_MEMORY_MB");
    String workMem = required("TRIBUTARY_REPLAY_MAINTENANCE_WORK_MEM");
    int workers = nonNegative("TRIBUTARY_REPLAY_PARALLEL_MAINTENANCE_WORKERS");
    try {
      return new io.tributary.projections.replay.ReplayLimits(connections, (long) memory << 20, workMem, workers);
    } catch (IllegalArgumentException e) {
      throw new SettingsException("replay settings (TRIBUTARY_REPLAY_*): " + e.getMessage());
    }
  }

  /** How often the streams and project roles check whether a roll moved the live generation (ISO-8601). */
  public Duration rollFollowInterval() {
    String raw = required("TRIBUTARY_ROLL_FOLLOW_INTERVAL");
    try {
      Duration interval = Duration.parse(raw);
      if (interval.isNegative() || interval.isZero()) {
        throw new SettingsException("TRIBUTARY_ROLL_FOLLOW_INTERVAL must be positive, was " + raw);
      }
      return interval;
    } catch (java.time.format.DateTimeParseException e) {
      throw new SettingsException("TRIBUTARY_ROLL_FOLLOW_INTERVAL must be an ISO-8601 duration such as PT5S, was '"
          + raw + "'");
    }
  }

  /**
   * Standby replicas Kafka Streams keeps of each state store on other instances of the same
   * application ({@code TRIBUTARY_STREAMS_STANDBY_REPLICAS}): a failed instance's tasks move to an
   * instance that already holds their state instead of restoring it from the changelog.
   */
  public int streamsStandbyReplicas() {
    int replicas = integer("TRIBUTARY_STREAMS_STANDBY_REPLICAS");
    if (replicas < 0) {
      throw new SettingsException("TRIBUTARY_STREAMS_STANDBY_REPLICAS must be >= 0, was " + replicas);
    }
    return replicas;
  }

  /** The Kafka Streams properties every streams application of this process adds to its own. */
  public Map<String, String> streamsOverrides() {
    return Map.of("num.standby.replicas", Integer.toString(streamsStandbyReplicas()));
  }

  /**
   * How long a projector may fail every batch (or stay stopped) before the process counts as not
   * live and exits non-zero, so that an orchestrator restarts it (ISO-8601).
   */
  public Duration projectorStallTimeout() {
    String raw = required("TRIBUTARY_PROJECTOR_STALL_TIMEOUT");
    try {
      Duration timeout = Duration.parse(raw);
      if (timeout.isNegative() || timeout.isZero()) {
        throw new SettingsException("TRIBUTARY_PROJECTOR_STALL_TIMEOUT must be positive, was " + raw);
      }
      return timeout;
    } catch (java.time.format.DateTimeParseException e) {
      throw new SettingsException("TRIBUTARY_PROJECTOR_STALL_TIMEOUT must be an ISO-8601 duration such as PT2M, was '"
          + raw + "'");
    }
  }

  /** The agent catalogue file; empty means the sample shipped in the jar. */
  public Optional<Path> agentCatalogue() {
    return value("TRIBUTARY_AGENT_CATALOGUE").map(v -> path("TRIBUTARY_AGENT_CATALOGUE"));
  }

  public String routerApplicationId() {
    return required("TRIBUTARY_ROUTER_APPLICATION_ID");
  }

  /** How long a cached search answer lives at most. */
  public Duration cacheTtl() {
    return Duration.ofSeconds(positive("TRIBUTARY_CACHE_TTL_SECONDS"));
  }

  public String cacheNamespace() {
    return required("TRIBUTARY_CACHE_NAMESPACE");
  }

  public Duration redisTimeout() {
    return Duration.ofMillis(positive("TRIBUTARY_REDIS_TIMEOUT_MS"));
  }

  public Duration dbTimeout() {
    return Duration.ofMillis(positive("TRIBUTARY_DB_TIMEOUT_MS"));
  }

  public Duration kafkaTimeout() {
    return Duration.ofMillis(positive("TRIBUTARY_KAFKA_TIMEOUT_MS"));
  }

  /** How long a read of the read model's freshness is reused by searches (0: every search reads it). */
  public Duration freshnessMaxAge() {
    int millis = integer("TRIBUTARY_FRESHNESS_MAX_AGE_MS");
    if (millis < 0) {
      throw new SettingsException("TRIBUTARY_FRESHNESS_MAX_AGE_MS must be >= 0, was " + millis);
    }
    return Duration.ofMillis(millis);
  }

  public int searchMaxConcurrent() {
    return positive("TRIBUTARY_SEARCH_MAX_CONCURRENT");
  }

  public Duration idempotencyTtl() {
    return Duration.ofHours(positive("TRIBUTARY_IDEMPOTENCY_TTL_HOURS"));
  }

  /** Days an embedding cache entry nobody used is kept; deleted documents' vectors go after as long. */
  public Duration embeddingCacheMaxAge() {
    return Duration.ofDays(positive("TRIBUTARY_EMBEDDING_CACHE_MAX_AGE_DAYS"));
  }

  /** {@code oidc} or {@code none}. */
  public String authMode() {
    String mode = required("TRIBUTARY_AUTH").toLowerCase(Locale.ROOT);
    if (!mode.equals("oidc") && !mode.equals("none")) {
      throw new SettingsException("TRIBUTARY_AUTH must be 'oidc' or 'none', was '" + mode + "'");
    }
    return mode;
  }

  public String oidcTenantClaim() {
    return required("TRIBUTARY_OIDC_TENANT_CLAIM");
  }

  public String oidcRolesClaim() {
    return required("TRIBUTARY_OIDC_ROLES_CLAIM");
  }

  public int oidcClockSkewSeconds() {
    int seconds = nonNegative("TRIBUTARY_OIDC_CLOCK_SKEW_SECONDS");
    if (seconds > 300) {
      throw new SettingsException("TRIBUTARY_OIDC_CLOCK_SKEW_SECONDS must be at most 300, was " + seconds);
    }
    return seconds;
  }

  public int oidcJwksMinRefetchSeconds() {
    return nonNegative("TRIBUTARY_OIDC_JWKS_MIN_REFETCH_SECONDS");
  }

  /** Whether {@code TRIBUTARY_AUTH=none} may bind a non-loopback address (default false). */
  public boolean authNoneAllowRemote() {
    return flag("TRIBUTARY_AUTH_NONE_ALLOW_REMOTE");
  }

  /** Longest a fetched JWKS is trusted, in seconds; a shorter {@code Cache-Control: max-age} wins. */
  public int oidcJwksTtlSeconds() {
    return positive("TRIBUTARY_OIDC_JWKS_TTL_SECONDS");
  }

  public String corsOrigins() {
    return value("TRIBUTARY_CORS_ORIGINS").orElse("");
  }

  public int rateLimitPerClient() {
    return nonNegative("TRIBUTARY_RATE_LIMIT_PER_CLIENT");
  }

  /** Addresses or CIDR blocks whose X-Forwarded-For names the client (blank = none). */
  public String trustedProxies() {
    return value("TRIBUTARY_TRUSTED_PROXIES").orElse("");
  }

  public int rateLimitPerSubject() {
    return nonNegative("TRIBUTARY_RATE_LIMIT_PER_SUBJECT");
  }

  private int nonNegative(String name) {
    int value = integer(name);
    if (value < 0) {
      throw new SettingsException(name + " must be >= 0, was " + value);
    }
    return value;
  }

  /** Base URL of an OpenAI-compatible API for the optional LLM intent classifier; empty = off. */
  public Optional<java.net.URI> llmUrl() {
    return value("TRIBUTARY_LLM_URL").map(raw -> {
      try {
        return new java.net.URI(raw);
      } catch (java.net.URISyntaxException e) {
        throw new SettingsException("TRIBUTARY_LLM_URL must be a URL, was '" + raw + "'");
      }
    });
  }

  public String llmModel() {
    return required("TRIBUTARY_LLM_MODEL");
  }

  /** Bearer token for the LLM endpoint; empty when it needs none. Never log it. */
  public String llmApiKey() {
    return value("TRIBUTARY_LLM_API_KEY").orElse("");
  }

  public java.time.Duration llmTimeout() {
    return java.time.Duration.ofMillis(positive("TRIBUTARY_LLM_TIMEOUT_MS"));
  }

  /** How the lag collector samples and judges (TRIBUTARY_LAG_*), with the Kafka timeout. */
  public io.tributary.monitoring.lag.LagSettings lag() {
    return new io.tributary.monitoring.lag.LagSettings(Duration.ofMillis(positive("TRIBUTARY_LAG_INTERVAL_MS")),
        Duration.ofSeconds(positive("TRIBUTARY_LAG_STALL_WINDOW_SECONDS")),
        Duration.ofSeconds(positive("TRIBUTARY_LAG_TREND_WINDOW_SECONDS")),
        nonNegative("TRIBUTARY_LAG_RETENTION_MARGIN_OFFSETS"), lagHistorySize(), kafkaTimeout());
  }

  private int lagHistorySize() {
    int size = integer("TRIBUTARY_LAG_HISTORY_SIZE");
    if (size < 2) {
      throw new SettingsException("TRIBUTARY_LAG_HISTORY_SIZE must be >= 2, was " + size);
    }
    return size;
  }

  private int positive(String name) {
    int value = integer(name);
    if (value < 1) {
      throw new SettingsException(name + " must be >= 1, was " + value);
    }
    return value;
  }

  /** A true/false setting; unset means false, anything else than true or false fails the start. */
  private boolean flag(String name) {
    String raw = value(name).orElse("false").toLowerCase(Locale.ROOT);
    if (!raw.equals("true") && !raw.equals("false")) {
      throw new SettingsException(name + " must be true or false, was '" + raw + "'");
    }
    return raw.equals("true");
  }
}
