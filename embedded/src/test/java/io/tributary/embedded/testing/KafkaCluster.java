package io.tributary.embedded.testing;

import io.tributary.embedded.FreePorts;
import io.tributary.embedded.internal.ChildProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A three-node KRaft cluster of separate JVM processes ({@code kafka.Kafka server.properties}
 * from the Kafka jars on the test classpath), each node broker and controller, replication factor
 * 3 and {@code min.insync.replicas} 2 for every topic including the internal ones. A node can be
 * killed with SIGKILL and restarted on the same log directory and ports, as a pod would be.
 */
public final class KafkaCluster implements AutoCloseable {

  /** Nodes of the cluster. */
  public static final int NODES = 3;

  // A bound, not an expectation: three JVMs start in about ten seconds on an idle 2-core machine.
  private static final Duration PATIENCE = Duration.ofMinutes(4);

  private final Path dir;
  private final int[] brokerPorts;
  private final int[] controllerPorts;
  private final ChildProcess[] nodes = new ChildProcess[NODES];

  private KafkaCluster(Path dir) {
    this.dir = dir;
    int[] ports = FreePorts.allocate(2 * NODES);
    this.brokerPorts = IntStream.range(0, NODES).map(i -> ports[i]).toArray();
    this.controllerPorts = IntStream.range(0, NODES).map(i -> ports[NODES + i]).toArray();
  }

  /** Formats three log directories under {@code dir} with one cluster id and starts every node. */
  public static KafkaCluster start(Path dir) {
    KafkaCluster cluster = new KafkaCluster(dir);
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

  /** Every node's client listener. */
  public String bootstrapServers() {
    StringJoiner servers = new StringJoiner(",");
    for (int port : brokerPorts) {
      servers.add("127.0.0.1:" + port);
    }
    return servers.toString();
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
    try (Admin admin = Admin.create(Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
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

  private void format(int node, String clusterId) {
    Path config = writeConfig(node);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exit = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString()}, print);
    }
    if (exit != 0) {
      throw new IllegalStateException("formatting node " + node + " failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  private void launch(int node) {
    Path config = dir.resolve("node-" + node).resolve("server.properties");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
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
    props.setProperty("log.dirs", nodeDir.resolve("logs").toString());
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
    props.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    props.setProperty("log.cleaner.threads", "1");
    props.setProperty("num.network.threads", "2");
    props.setProperty("num.io.threads", "2");
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
    for (ChildProcess node : nodes) {
      if (node != null) {
        node.stop(Duration.ofSeconds(15));
      }
    }
  }
}
