package io.tributary.embedded.testing;

import io.tributary.embedded.FreePorts;
import io.tributary.embedded.SaslSslListener;
import io.tributary.embedded.internal.ChildProcess;
import io.tributary.embedded.internal.KafkaServerProperties;
import io.tributary.embedded.internal.KafkaStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A three-node KRaft cluster of separate JVM processes ({@code kafka.Kafka server.properties}
 * from the Kafka jars on the test classpath), each node broker and controller, replication factor
 * 3 and {@code min.insync.replicas} 2 for every topic including the internal ones. A node can be
 * killed with SIGKILL and restarted on the same log directory and ports, as a pod would be.
 *
 * <p>{@link #start} gives clients a PLAINTEXT listener. {@link #startSecured} gives them a SASL_SSL
 * listener, as a production cluster does: SCRAM-SHA-512 (and -256) logins of
 * {@link SecuredKafka#USER} with a password made for the run, a certificate from
 * {@link TestCertificates}; {@link #clientProperties()} is what a client needs to connect. The
 * nodes then replicate over a PLAINTEXT listener of their own that clients are not given.
 */
public final class KafkaCluster implements AutoCloseable {

  /** Nodes of the cluster. */
  public static final int NODES = 3;

  // A bound, not an expectation: three JVMs start in about ten seconds on an idle 2-core machine.
  private static final Duration PATIENCE = Duration.ofMinutes(4);

  private final Path dir;
  private final int[] brokerPorts;
  private final int[] controllerPorts;
  /** Clients' SASL_SSL listener of each node; null when clients use the PLAINTEXT one. */
  private final int[] securePorts;
  private final SaslSslListener secure;
  private final TestCertificates certificates;
  private final ChildProcess[] nodes = new ChildProcess[NODES];

  private KafkaCluster(Path dir, TestCertificates certificates, String password) {
    this.dir = dir;
    this.certificates = certificates;
    this.secure = certificates == null ? null
        : new SaslSslListener(certificates.keystore(), certificates.password(), Map.of(SecuredKafka.USER, password));
    int[] ports = FreePorts.allocate((secure == null ? 2 : 3) * NODES);
    this.brokerPorts = IntStream.range(0, NODES).map(i -> ports[i]).toArray();
    this.controllerPorts = IntStream.range(0, NODES).map(i -> ports[NODES + i]).toArray();
    this.securePorts = secure == null ? null : IntStream.range(0, NODES).map(i -> ports[2 * NODES + i]).toArray();
  }

  /**
   * Formats three log directories under {@code dir} with one cluster id and starts every node;
   * clients use a PLAINTEXT listener.
   */
  public static KafkaCluster start(Path dir) {
    return boot(new KafkaCluster(dir, null, null));
  }

  /**
   * As {@link #start}, but clients reach the nodes only over SASL_SSL with SCRAM: certificates are
   * generated under {@code dir}, and {@link SecuredKafka#USER} is created with a new password.
   */
  public static KafkaCluster startSecured(Path dir) {
    Path tls = dir.resolve("tls");
    try {
      Files.createDirectories(tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return boot(new KafkaCluster(dir, TestCertificates.generate(tls), "scram-" + UUID.randomUUID()));
  }

  private static KafkaCluster boot(KafkaCluster cluster) {
    try {
      String clusterId = Uuid.randomUuid().toString();
      for (int node = 0; node < NODES; node++) {
        cluster.format(node, clusterId);
      }
      for (int node = 0; node < NODES; node++) {
        cluster.launch(node);
      }
      cluster.awaitBrokers(NODES);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Every node's client listener: SASL_SSL when {@link #startSecured started secured}, else PLAINTEXT. */
  public String bootstrapServers() {
    StringJoiner servers = new StringJoiner(",");
    for (int port : secure == null ? brokerPorts : securePorts) {
      servers.add("127.0.0.1:" + port);
    }
    return servers.toString();
  }

  /**
   * Standard Java client properties for {@link #bootstrapServers()}: when secured, the SASL_SSL
   * login of {@link SecuredKafka#USER} over SCRAM-SHA-512, trusting the generated certificate
   * (what a user puts in {@code TRIBUTARY_KAFKA_PROPERTIES_FILE}); else only the servers.
   */
  public Map<String, String> clientProperties() {
    return secure == null ? Map.of("bootstrap.servers", bootstrapServers())
        : SecuredKafka.clientProperties(bootstrapServers(), certificates, SecuredKafka.USER,
            secure.scramUsers().get(SecuredKafka.USER));
  }

  /** Kills node {@code node} (0..2) with SIGKILL: no shutdown, no flush, no leaving the cluster. */
  public void kill(int node) {
    ChildProcess process = nodes[node];
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    until("node " + node + " to die", () -> !process.isAlive());
    // Dismisses the orphan watchdog; the process is already gone.
    process.stop(Duration.ZERO);
  }

  /** Starts a killed node again on its log directory and ports, and waits until all brokers are registered. */
  public void restart(int node) {
    launch(node);
    awaitBrokers(NODES);
  }

  /** Whether node {@code node} runs. */
  public boolean isAlive(int node) {
    return nodes[node] != null && nodes[node].isAlive();
  }

  /** Waits until {@code count} brokers are registered with the controllers. */
  public void awaitBrokers(int count) {
    try (Admin admin = Admin.create(Map.<String, Object>copyOf(clientProperties()))) {
      until(count + " registered brokers", () -> {
        try {
          return admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes()
              .get(10, TimeUnit.SECONDS).size() >= count;
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
          return false;
        }
      });
    }
  }

  /** Polls {@code condition} (observed state) every 250 ms until it holds; fails after {@link #PATIENCE}. */
  private static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("gave up waiting for " + what + " after " + PATIENCE);
      }
      LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
  }

  /** Formats node {@code node}'s log directory for the static quorum, with the SCRAM user when secured. */
  private void format(int node, String clusterId) {
    Path config = writeConfig(node);
    KafkaStorage.format(config, logDir(node), clusterId, false, secure == null ? Map.of() : secure.scramUsers());
  }

  private Path logDir(int node) {
    return dir.resolve("node-" + node).resolve("logs");
  }

  private void launch(int node) {
    Path config = dir.resolve("node-" + node).resolve("server.properties");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    // Three brokers start on the same few cores as the roles under test: C1 alone spends far less
    // CPU compiling, and a broker of a minute-long test never needs C2's peak speed.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("kafka.Kafka");
    command.add(config.toString());
    nodes[node] = ChildProcess.start("kafka-node-" + node, command,
        dir.resolve("node-" + node).resolve("server.log"), "TERM");
  }

  private Path writeConfig(int node) {
    Path nodeDir = dir.resolve("node-" + node);
    Properties props = new Properties();
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", Integer.toString(node + 1));
    props.setProperty("listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPorts[node] + ",CONTROLLER://127.0.0.1:" + controllerPorts[node]);
    props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[node]);
    props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("controller.listener.names", "CONTROLLER");
    StringJoiner voters = new StringJoiner(",");
    for (int i = 0; i < NODES; i++) {
      voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
    }
    // A static quorum of the three nodes: any two elect a controller.
    props.setProperty("controller.quorum.voters", voters.toString());
    props.setProperty("log.dirs", logDir(node).toString());
    props.setProperty("default.replication.factor", "3");
    props.setProperty("min.insync.replicas", "2");
    props.setProperty("offsets.topic.replication.factor", "3");
    props.setProperty("transaction.state.log.replication.factor", "3");
    props.setProperty("transaction.state.log.min.isr", "2");
    props.setProperty("share.coordinator.state.topic.replication.factor", "3");
    props.setProperty("share.coordinator.state.topic.min.isr", "2");
    props.setProperty("offsets.topic.num.partitions", "3");
    props.setProperty("transaction.state.log.num.partitions", "3");
    props.setProperty("group.initial.rebalance.delay.ms", "0");
    props.setProperty("auto.create.topics.enable", "false");
    props.setProperty("unclean.leader.election.enable", "false");
    // A killed node is noticed within seconds, not the default 9 s broker session.
    props.setProperty("broker.session.timeout.ms", "6000");
    props.setProperty("broker.heartbeat.interval.ms", "1000");
    props.setProperty("replica.lag.time.max.ms", "10000");
    // A dead producer's transaction is aborted within a second of its timeout, not up to 10 s after.
    props.setProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    props.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    props.setProperty("log.cleaner.threads", "1");
    props.setProperty("num.network.threads", "2");
    props.setProperty("num.io.threads", "2");
    if (secure != null) {
      // Clients get a SASL_SSL listener as on the single secured broker; the nodes keep talking to
      // each other (replication, controller quorum) over PLAINTEXT, the simplest that works and not
      // what the clients under test exercise. Clients that bootstrap over SASL_SSL are only ever
      // told the SASL_SSL endpoints.
      KafkaServerProperties.addSaslSsl(props, securePorts[node], secure);
    }
    try {
      Files.createDirectories(nodeDir);
      Path config = nodeDir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(config)) {
        props.store(out, "a node of io.tributary.embedded.testing.KafkaCluster");
      }
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    // The cluster's logs are thrown away with the test: killing every node at once takes no time,
    // where shutting them down one after another waits for leader moves, and the last node for a
    // quorum that is gone.
    for (ChildProcess node : nodes) {
      if (node != null && node.isAlive()) {
        ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    for (ChildProcess node : nodes) {
      if (node != null) {
        node.stop(Duration.ofSeconds(5));
      }
    }
  }
}
