package io.tributary.embedded.testing;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.SaslSslListener;
import io.tributary.embedded.internal.Directories;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@link EmbeddedKafka} that clients reach as a production cluster: a SASL_SSL listener where
 * {@link #USER} logs in with SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN (and, when started with
 * {@link #start(SaslSslListener.OAuth) OAuth}, OAUTHBEARER tokens of an OIDC issuer), an SSL listener
 * that requires a client certificate ({@link #mutualTlsBootstrapServers()}), and certificates
 * generated for the run. Its PLAINTEXT listener stays for the broker itself.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)
 * class SecuredIT {
 *     @Test void shouldConnect(SecuredKafka kafka) { kafka.clientProperties(SecuredKafka.USER, kafka.password()); }
 * }
 * }</pre>
 */
public final class SecuredKafka implements AutoCloseable {

  /** The SCRAM user every test may log in as. */
  public static final String USER = "tributary";

  private final Path dir;
  private final TestCertificates certificates;
  private final String password;
  private final EmbeddedKafka kafka;

  private SecuredKafka(Path dir, TestCertificates certificates, String password, EmbeddedKafka kafka) {
    this.dir = dir;
    this.certificates = certificates;
    this.password = password;
    this.kafka = kafka;
  }

  /** Generates certificates and a password, then starts the broker. */
  public static SecuredKafka start() {
    return start(null);
  }

  /**
   * As {@link #start()}, also accepting OAUTHBEARER logins with the tokens {@code oauth} validates
   * (null: no OAUTHBEARER). The broker lives until {@link #close()}.
   */
  public static SecuredKafka start(SaslSslListener.OAuth oauth) {
    Path dir = Directories.createTemp("tributary-tls-");
    try {
      TestCertificates certificates = TestCertificates.generate(dir);
      String password = "scram-" + java.util.UUID.randomUUID();
      SaslSslListener listener = new SaslSslListener(certificates.keystore(), certificates.password(),
          Map.of(USER, password)).withPlainUsers(Map.of(USER, password)).withMutualTls(certificates.truststore());
      EmbeddedKafka kafka = EmbeddedKafka.startTemporary(oauth == null ? listener : listener.withOAuth(oauth));
      return new SecuredKafka(dir, certificates, password, kafka);
    } catch (RuntimeException e) {
      Directories.deleteRecursively(dir);
      throw e;
    }
  }

  /** {@code 127.0.0.1:PORT} of the SASL_SSL listener. */
  public String bootstrapServers() {
    return kafka.secureBootstrapServers().orElseThrow();
  }

  /** {@code 127.0.0.1:PORT} of the SSL listener that requires a certificate the test CA signed. */
  public String mutualTlsBootstrapServers() {
    return kafka.mutualTlsBootstrapServers().orElseThrow();
  }

  /** {@link #USER}'s password, for SCRAM and PLAIN. */
  public String password() {
    return password;
  }

  public TestCertificates certificates() {
    return certificates;
  }

  /** The broker, e.g. to create topics over its PLAINTEXT listener. */
  public EmbeddedKafka broker() {
    return kafka;
  }

  /**
   * Standard Java client properties for {@code user} with {@code password} over SCRAM-SHA-512,
   * trusting the generated certificate: what a user puts in {@code TRIBUTARY_KAFKA_PROPERTIES_FILE}.
   */
  public Map<String, String> clientProperties(String user, String password) {
    return clientProperties(bootstrapServers(), certificates, user, password);
  }

  /**
   * {@link #clientProperties(String, String)} for any SASL_SSL listener whose brokers hold
   * {@code certificates}' key ({@link KafkaCluster} too).
   */
  static Map<String, String> clientProperties(String bootstrapServers, TestCertificates certificates, String user,
      String password) {
    Map<String, String> props = new TreeMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("security.protocol", "SASL_SSL");
    props.put("sasl.mechanism", "SCRAM-SHA-512");
    props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user + "\" password=\"" + password + "\";");
    props.put("ssl.truststore.location", certificates.truststore().toString());
    props.put("ssl.truststore.password", certificates.password());
    props.put("ssl.truststore.type", "PKCS12");
    return props;
  }

  @Override
  public void close() {
    try {
      kafka.close();
    } finally {
      Directories.deleteRecursively(dir);
    }
  }
}
