package io.tributary.embedded;

import io.tributary.embedded.internal.AllowedOAuthUrls;
import io.tributary.embedded.internal.Directories;
import io.tributary.embedded.internal.KafkaServerProperties;
import io.tributary.embedded.internal.KafkaStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real single-node Apache Kafka (KRaft, broker and controller in one) running inside this JVM on 127.0.0.1. */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final String bootstrapServers;
  private final String secureBootstrapServers;
  private final String mutualTlsBootstrapServers;
  private final KafkaRaftServer server;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Starts a broker keeping its logs in {@code dataDir}; formats the directory on first use. */
  public EmbeddedKafka(Path dataDir) {
    this(Objects.requireNonNull(dataDir, "dataDir"), false, null);
  }

  private EmbeddedKafka(Path dataDir, boolean temporary, SaslSslListener secure) {
    long started = System.nanoTime();
    this.dataDir = Directories.create(dataDir.toAbsolutePath().normalize());
    this.deleteOnClose = temporary;
    boolean mutualTls = secure != null && secure.clientAuthority().isPresent();
    int[] ports = FreePorts.allocate(secure == null ? 2 : mutualTls ? 4 : 3);
    this.bootstrapServers = "127.0.0.1:" + ports[0];
    this.secureBootstrapServers = secure == null ? null : "127.0.0.1:" + ports[2];
    this.mutualTlsBootstrapServers = mutualTls ? "127.0.0.1:" + ports[3] : null;
    Properties props = KafkaServerProperties.of(this.dataDir.resolve("logs"), ports[0], ports[1]);
    if (secure != null) {
      KafkaServerProperties.addSaslSsl(props, ports[2], secure);
    }
    if (mutualTls) {
      KafkaServerProperties.addMutualTls(props, ports[3], secure);
    }
    KafkaStorage.formatIfNeeded(this.dataDir, props, secure == null ? java.util.Map.of() : secure.scramUsers());
    this.server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      String jwksUrl = secure == null ? null : secure.oauth().map(SaslSslListener.OAuth::jwksUrl).orElse(null);
      AllowedOAuthUrls.during(jwksUrl, server::startup);
      awaitReady();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("Kafka started on {} (data {}) in {} ms", bootstrapServers, this.dataDir,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** Starts a broker in a new temporary directory that {@link #close()} deletes. */
  public static EmbeddedKafka startTemporary() {
    return startTemporary(null);
  }

  /**
   * Starts a broker in a new temporary directory with a SASL_SSL listener (and an SSL listener for
   * mutual TLS) as {@code secure} describes (null: PLAINTEXT only); {@link #close()} deletes the directory.
   */
  public static EmbeddedKafka startTemporary(SaslSslListener secure) {
    Path dir = Directories.createTemp("tributary-kafka-");
    try {
      return new EmbeddedKafka(dir, true, secure);
    } catch (RuntimeException e) {
      Directories.deleteRecursively(dir);
      throw e;
    }
  }

  /** {@code 127.0.0.1:PORT} of the PLAINTEXT listener. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** {@code 127.0.0.1:PORT} of the SASL_SSL listener, when the broker has one. */
  public java.util.Optional<String> secureBootstrapServers() {
    return java.util.Optional.ofNullable(secureBootstrapServers);
  }

  /** {@code 127.0.0.1:PORT} of the SSL listener that requires client certificates, when the broker has one. */
  public java.util.Optional<String> mutualTlsBootstrapServers() {
    return java.util.Optional.ofNullable(mutualTlsBootstrapServers);
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Creates topics with one replica each and waits until they exist (topics are never auto-created here). */
  public void createTopics(int partitions, String... names) {
    List<NewTopic> topics = Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList();
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics " + List.of(names) + " on " + bootstrapServers, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** Controlled shutdown of broker and controller; deletes a temporary directory. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose) {
      Directories.deleteRecursively(dataDir);
    }
    LOG.info("Kafka on {} stopped in {} ms", bootstrapServers, (System.nanoTime() - started) / 1_000_000);
  }

  private Admin admin() {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Kafka on " + bootstrapServers + " did not answer within "
                + STARTUP_TIMEOUT, e);
          }
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }
}
