package io.tributary.embedded;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka, PostgreSQL and Redis for dev mode: each one embedded unless its environment variable
 * ({@value #KAFKA_ENV}, {@value #DATABASE_ENV}, {@value #REDIS_ENV}) names an external service.
 */
public final class EmbeddedServices implements AutoCloseable {

  public static final String KAFKA_ENV = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String DATABASE_ENV = "DATABASE_URL";
  public static final String REDIS_ENV = "REDIS_URL";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final EmbeddedKafka kafka;
  private final EmbeddedPostgres postgres;
  private final EmbeddedRedis redis;
  private final String kafkaBootstrapServers;
  private final String databaseUrl;
  private final String redisUri;

  private EmbeddedServices(Path baseDir, Map<String, String> env, PostgresOptions postgresOptions) {
    try {
      String kafkaEnv = external(env, KAFKA_ENV);
      kafka = kafkaEnv == null ? start(() -> new EmbeddedKafka(baseDir.resolve("kafka"))) : null;
      kafkaBootstrapServers = kafka == null ? kafkaEnv : kafka.bootstrapServers();

      String databaseEnv = external(env, DATABASE_ENV);
      postgres = databaseEnv == null
          ? start(() -> new EmbeddedPostgres(baseDir.resolve("postgres"), postgresOptions)) : null;
      databaseUrl = postgres == null ? databaseEnv : postgres.jdbcUrl();

      String redisEnv = external(env, REDIS_ENV);
      redis = redisEnv == null ? start(() -> new EmbeddedRedis(baseDir.resolve("redis"))) : null;
      redisUri = redis == null ? redisEnv : redis.uri();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Starts what {@code env} does not provide, keeping data under {@code baseDir} (subdirectories
   * kafka, postgres, redis), with durable PostgreSQL settings.
   *
   * @param env usually {@code System.getenv()}; blank values count as unset
   */
  public static EmbeddedServices start(Path baseDir, Map<String, String> env) {
    return start(baseDir, env, PostgresOptions.defaults());
  }

  /** Like {@link #start(Path, Map)} with the given PostgreSQL options. */
  public static EmbeddedServices start(Path baseDir, Map<String, String> env, PostgresOptions postgresOptions) {
    return new EmbeddedServices(Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath(),
        Objects.requireNonNull(env, "env"), Objects.requireNonNull(postgresOptions, "postgresOptions"));
  }

  /** Where Kafka clients connect: {@code host:port[,host:port...]}. */
  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  /** The database's URL: the embedded one's JDBC URL, or {@code DATABASE_URL} as the environment gave it. */
  public String databaseUrl() {
    return databaseUrl;
  }

  /** {@code redis://...} URI of the Redis server. */
  public String redisUri() {
    return redisUri;
  }

  /** The embedded broker, or empty when {@value #KAFKA_ENV} named an external one. */
  public Optional<EmbeddedKafka> embeddedKafka() {
    return Optional.ofNullable(kafka);
  }

  /** The embedded PostgreSQL, or empty when {@value #DATABASE_ENV} named an external one. */
  public Optional<EmbeddedPostgres> embeddedPostgres() {
    return Optional.ofNullable(postgres);
  }

  /** The embedded Redis, or empty when {@value #REDIS_ENV} named an external one. */
  public Optional<EmbeddedRedis> embeddedRedis() {
    return Optional.ofNullable(redis);
  }

  /** Stops what was started here, last started first. Idempotent. */
  @Override
  public void close() {
    synchronized (started) {
      while (!started.isEmpty()) {
        AutoCloseable service = started.pop();
        try {
          service.close();
        } catch (Exception e) {
          LOG.warn("stopping {} failed", service.getClass().getSimpleName(), e);
        }
      }
    }
  }

  private <T extends AutoCloseable> T start(Supplier<T> starter) {
    T service = starter.get();
    synchronized (started) {
      started.push(service);
    }
    return service;
  }

  private static String external(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    // Database and Redis URLs may carry passwords: name the variable, never its value.
    String shown = DATABASE_ENV.equals(name) || REDIS_ENV.equals(name) ? "" : " at " + value;
    LOG.info("{} is set: using the external service{}", name, shown);
    return value.strip();
  }
}
