package io.tributary.embedded.internal;

import java.nio.file.Path;
import java.util.Properties;

/** The server.properties of a single-node KRaft broker+controller on 127.0.0.1, sized for dev and tests. */
public final class KafkaServerProperties {

  /** Room for 16 MiB messages plus record batch overhead. */
  private static final int MAX_MESSAGE_BYTES = 17 * 1024 * 1024;
  private static final int NODE_ID = 1;

  private KafkaServerProperties() {
  }

  public static Properties of(Path logDir, int brokerPort, int controllerPort) {
    Properties props = new Properties();
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", Integer.toString(NODE_ID));
    props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("controller.listener.names", "CONTROLLER");
    // Dynamic quorum (formatted with --standalone). A restart on a new controller port works:
    // EmbeddedKafkaTest restarts on the same data dir with fresh ports.
    props.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    props.setProperty("log.dirs", logDir.toString());
    singleReplica(props);
    props.setProperty("group.initial.rebalance.delay.ms", "0");
    props.setProperty("auto.create.topics.enable", "false");
    props.setProperty("num.partitions", "1");
    props.setProperty("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    props.setProperty("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    // The default 128 MiB dedupe buffer is allocated up front: far too much for a test JVM.
    props.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    props.setProperty("log.cleaner.threads", "1");
    return props;
  }

  /** One broker: every replication factor and min.isr is 1, internal topics are small. */
  private static void singleReplica(Properties props) {
    props.setProperty("default.replication.factor", "1");
    props.setProperty("min.insync.replicas", "1");
    props.setProperty("offsets.topic.replication.factor", "1");
    props.setProperty("offsets.topic.num.partitions", "1");
    props.setProperty("transaction.state.log.replication.factor", "1");
    props.setProperty("transaction.state.log.min.isr", "1");
    props.setProperty("transaction.state.log.num.partitions", "1");
    props.setProperty("share.coordinator.state.topic.replication.factor", "1");
    props.setProperty("share.coordinator.state.topic.min.isr", "1");
    props.setProperty("share.coordinator.state.topic.num.partitions", "1");
  }
}
