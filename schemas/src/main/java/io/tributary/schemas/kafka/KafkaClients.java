package io.tributary.schemas.kafka;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one factory of Kafka clients: every producer, consumer, admin client and Streams app of a
 * process is built from the same connection properties (bootstrap servers, security protocol,
 * SASL and TLS settings), with the role's own settings on top.
 *
 * <p>A role's settings win over the connection properties: they carry what its guarantees rest on
 * (group ids, isolation level, transactions). Every producer writes with {@code acks=all} and
 * idempotence, whatever the properties say (ADR 0014).
 */
public final class KafkaClients {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

  private final Map<String, String> connection;

  private KafkaClients(Map<String, String> connection) {
    String bootstrap = connection.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new KafkaSettingsException("no Kafka bootstrap servers: set " + KafkaClientProperties.BOOTSTRAP_VARIABLE
          + ", or bootstrap.servers in the file named by " + KafkaClientProperties.FILE_VARIABLE);
    }
    this.connection = Map.copyOf(connection);
    OAuthEndpoints.allow(this.connection);
  }

  /** Clients of a cluster described by the environment (see {@link KafkaClientProperties}). */
  public static KafkaClients fromEnvironment(Map<String, String> environment) {
    return of(KafkaClientProperties.resolve(environment));
  }

  /** Clients with exactly these connection properties; {@code bootstrap.servers} is required. */
  public static KafkaClients of(Map<String, String> connection) {
    return new KafkaClients(requireNonNull(connection, "connection"));
  }

  /** Clients of an unsecured listener (the embedded broker, tests, benchmarks). */
  public static KafkaClients plaintext(String bootstrapServers) {
    return of(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, requireNonNull(bootstrapServers, "bootstrapServers")));
  }

  /** The same security settings against other bootstrap servers. */
  public KafkaClients withBootstrapServers(String bootstrapServers) {
    Map<String, String> changed = new HashMap<>(connection);
    changed.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, requireNonNull(bootstrapServers, "bootstrapServers"));
    return new KafkaClients(changed);
  }

  public String bootstrapServers() {
    return connection.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
  }

  /** {@code security.protocol}, PLAINTEXT when unset. */
  public String securityProtocol() {
    return connection.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
  }

  /** {@code sasl.mechanism} when the protocol uses SASL (GSSAPI, the client default, when unset). */
  public String saslMechanism() {
    return connection.getOrDefault(SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM);
  }

  /** The listener as a person would name it: {@code SASL_SSL/SCRAM-SHA-512 at host:port}. */
  public String listener() {
    String protocol = securityProtocol();
    String how = protocol.startsWith("SASL") ? protocol + "/" + saslMechanism() : protocol;
    return how + " at " + bootstrapServers();
  }

  /** The connection properties with secrets hidden, for logs and messages. */
  public Map<String, String> describe() {
    return SecretMask.masked(connection);
  }

  /** Connection properties with {@code role} on top, as a map any client or Streams config accepts. */
  public Map<String, Object> config(Map<?, ?> role) {
    Map<String, Object> merged = new TreeMap<>(connection);
    requireNonNull(role, "role").forEach((key, value) -> merged.put(String.valueOf(key), value));
    return merged;
  }

  /** {@link #config(Map)} as {@link Properties} (Kafka Streams takes these). */
  public Properties properties(Map<?, ?> role) {
    Properties props = new Properties();
    props.putAll(config(role));
    return props;
  }

  /** An admin client named {@code clientId}. */
  public Admin admin(String clientId) {
    return admin(clientId, Map.of());
  }

  /** An admin client named {@code clientId} with extra settings (timeouts). */
  public Admin admin(String clientId, Map<?, ?> role) {
    Map<String, Object> config = config(role);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, requireNonNull(clientId, "clientId"));
    return Admin.create(config);
  }

  /** A producer with {@code acks=all} and idempotence on top of {@code role}. */
  public <K, V> KafkaProducer<K, V> producer(Map<?, ?> role, Serializer<K> keys, Serializer<V> values) {
    return new KafkaProducer<>(producerConfig(role), keys, values);
  }

  /** The configuration {@link #producer} uses: durability settings cannot be turned off. */
  public Map<String, Object> producerConfig(Map<?, ?> role) {
    Map<String, Object> config = config(role);
    Object acks = config.get(ProducerConfig.ACKS_CONFIG);
    if (acks != null && !"all".equals(String.valueOf(acks)) && !"-1".equals(String.valueOf(acks))) {
      LOG.warn("producer setting acks={} ignored: Tributary writes with acks=all (ADR 0014)", acks);
    }
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return config;
  }

  /** A consumer with {@code role}'s settings (group id, isolation level) on top. */
  public <K, V> KafkaConsumer<K, V> consumer(Map<?, ?> role, Deserializer<K> keys, Deserializer<V> values) {
    return new KafkaConsumer<>(config(role), keys, values);
  }

  @Override
  public String toString() {
    return "KafkaClients" + describe();
  }
}
