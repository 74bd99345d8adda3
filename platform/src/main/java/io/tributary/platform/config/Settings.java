package io.tributary.platform.config;

import io.tributary.embedded.DatabaseUrls;
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
    return value(name).orElseThrow(() -> new SettingsException(name + " is not set; see README.md#configuration"));
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

  public String kafkaBootstrapServers() {
    return required("KAFKA_BOOTSTRAP_SERVERS");
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
   * Port of {@code /metrics} for the streams and project roles run alone (the API serves it on its
   * own port); empty when {@code TRIBUTARY_METRICS_PORT} is -1 (off).
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

  /** Log line format: {@code json} (one object per line) or {@code text}; empty = the command's default. */
  public Optional<String> logFormat() {
    Optional<String> format = value("TRIBUTARY_LOG_FORMAT").map(v -> v.toLowerCase(Locale.ROOT));
    format.filter(f -> !f.equals("json") && !f.equals("text")).ifPresent(f -> {
      throw new SettingsException("TRIBUTARY_LOG_FORMAT must be json or text, was '" + f + "'");
    });
    return format;
  }

  public String tenant() {
    return required("TRIBUTARY_TENANT");
  }

  public int maxBodyBytes() {
    return positive("TRIBUTARY_MAX_BODY_BYTES");
  }

  public int embedWorkers() {
    int workers = integer("TRIBUTARY_EMBED_WORKERS");
    return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
  }

  /** How often the document pipeline commits its exactly-once transaction. */
  public Duration pipelineCommitInterval() {
    return Duration.ofMillis(positive("TRIBUTARY_PIPELINE_COMMIT_INTERVAL_MS"));
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
  public io.tributary.edge.lag.LagSettings lag() {
    return new io.tributary.edge.lag.LagSettings(Duration.ofMillis(positive("TRIBUTARY_LAG_INTERVAL_MS")),
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
}
