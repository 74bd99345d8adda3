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

  /**
   * Adds a SASL_SSL listener on {@code port}: TLS with the listener's keystore, SCRAM-SHA-256 and
   * SCRAM-SHA-512 logins against the users formatted into the log directory. The broker talks to
   * itself over PLAINTEXT, so only clients see the secured listener.
   */
  public static void addSaslSsl(Properties props, int port, io.tributary.embedded.SaslSslListener secure) {
    props.setProperty("listeners", props.getProperty("listeners") + ",SASL_SSL://127.0.0.1:" + port);
    props.setProperty("advertised.listeners", props.getProperty("advertised.listeners") + ",SASL_SSL://127.0.0.1:" + port);
    props.setProperty("listener.security.protocol.map",
        props.getProperty("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
    props.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512,SCRAM-SHA-256");
    for (String mechanism : new String[] {"scram-sha-512", "scram-sha-256"}) {
      props.setProperty("listener.name.sasl_ssl." + mechanism + ".sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }
    props.setProperty("listener.name.sasl_ssl.ssl.keystore.location", secure.keystore().toString());
    props.setProperty("listener.name.sasl_ssl.ssl.keystore.password", secure.keystorePassword());
    props.setProperty("listener.name.sasl_ssl.ssl.key.password", secure.keystorePassword());
    props.setProperty("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
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
