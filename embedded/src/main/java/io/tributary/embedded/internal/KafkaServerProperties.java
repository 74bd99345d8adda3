package io.tributary.embedded.internal;

import io.tributary.embedded.SaslSslListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
   * SCRAM-SHA-512 logins against the users formatted into the log directory, PLAIN logins of the
   * listener's PLAIN users, and OAUTHBEARER tokens validated against the issuer's JWKS when the
   * listener has {@link SaslSslListener#oauth() OAuth}. The broker talks to itself over PLAINTEXT,
   * so only clients see the secured listener.
   */
  public static void addSaslSsl(Properties props, int port, SaslSslListener secure) {
    addListener(props, "SASL_SSL", port);
    List<String> mechanisms = new ArrayList<>(List.of("SCRAM-SHA-512", "SCRAM-SHA-256"));
    for (String mechanism : new String[] {"scram-sha-512", "scram-sha-256"}) {
      props.setProperty("listener.name.sasl_ssl." + mechanism + ".sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }
    if (!secure.plainUsers().isEmpty()) {
      mechanisms.add("PLAIN");
      StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
      secure.plainUsers().forEach((user, password) ->
          jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
      props.setProperty("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas.append(';').toString());
    }
    secure.oauth().ifPresent(oauth -> {
      mechanisms.add("OAUTHBEARER");
      String prefix = "listener.name.sasl_ssl.oauthbearer.";
      props.setProperty(prefix + "sasl.jaas.config",
          "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
      props.setProperty(prefix + "sasl.server.callback.handler.class",
          "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler");
      props.setProperty(prefix + "sasl.oauthbearer.jwks.endpoint.url", oauth.jwksUrl());
      props.setProperty(prefix + "sasl.oauthbearer.expected.issuer", oauth.issuer());
      props.setProperty(prefix + "sasl.oauthbearer.expected.audience", oauth.audience());
    });
    props.setProperty("sasl.enabled.mechanisms", String.join(",", mechanisms));
    keystore(props, "sasl_ssl", secure);
  }

  /**
   * Adds an SSL listener on {@code port} that requires a client certificate signed by a CA in the
   * listener's {@link SaslSslListener#clientAuthority() client authority} (mutual TLS).
   */
  public static void addMutualTls(Properties props, int port, SaslSslListener secure) {
    Path authority = secure.clientAuthority().orElseThrow(() ->
        new IllegalArgumentException("the listener has no client authority for mutual TLS"));
    addListener(props, "SSL", port);
    keystore(props, "ssl", secure);
    props.setProperty("listener.name.ssl.ssl.client.auth", "required");
    props.setProperty("listener.name.ssl.ssl.truststore.location", authority.toString());
    props.setProperty("listener.name.ssl.ssl.truststore.password", secure.keystorePassword());
    props.setProperty("listener.name.ssl.ssl.truststore.type", "PKCS12");
  }

  private static void addListener(Properties props, String name, int port) {
    props.setProperty("listeners", props.getProperty("listeners") + "," + name + "://127.0.0.1:" + port);
    props.setProperty("advertised.listeners", props.getProperty("advertised.listeners") + "," + name + "://127.0.0.1:"
        + port);
    props.setProperty("listener.security.protocol.map",
        props.getProperty("listener.security.protocol.map") + "," + name + ":" + name);
  }

  private static void keystore(Properties props, String listener, SaslSslListener secure) {
    String prefix = "listener.name." + listener + ".";
    props.setProperty(prefix + "ssl.keystore.location", secure.keystore().toString());
    props.setProperty(prefix + "ssl.keystore.password", secure.keystorePassword());
    props.setProperty(prefix + "ssl.key.password", secure.keystorePassword());
    props.setProperty(prefix + "ssl.keystore.type", "PKCS12");
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
