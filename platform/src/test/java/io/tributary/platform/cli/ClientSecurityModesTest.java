package io.tributary.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.edge.testing.TestIssuer;
import io.tributary.embedded.SaslSslListener;
import io.tributary.embedded.testing.SecuredKafka;
import io.tributary.embedded.testing.TestCertificates;
import io.tributary.platform.Tributary;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.schemas.kafka.KafkaClients;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The client security modes besides SCRAM-SHA-512 (which {@code SecuredClusterTest} runs every role
 * on), each on a real broker and configured the way a user does it (docs/kafka-clusters.md):
 * SCRAM-SHA-256 and PLAIN over TLS, mutual TLS with a client certificate in PEM files, inline PEM or
 * a PKCS12 keystore, and OAUTHBEARER with OIDC client credentials from a real in-process issuer. Each mode produces and consumes a record through {@link KafkaClients} and
 * runs {@code tributary topics --dry-run}; wrong credentials stop the command with exit code 3 and one
 * line naming the listener and the mechanism, and no secret is ever logged.
 */
@Tag("integration")
class ClientSecurityModesTest {

  private static final String CLIENT_ID = "tributary-kafka";
  private static final String SCOPE = "kafka";
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  private static TestIssuer issuer;
  private static SecuredKafka kafka;
  private static String clientSecret;
  private static TestCertificates.ClientCertificate certificate;
  private static Path home;

  @BeforeAll
  static void start() throws IOException {
    LOGS.start();
    root().addAppender(LOGS);
    home = Files.createTempDirectory("tributary-security-modes");
    issuer = new TestIssuer();
    clientSecret = "oidc-" + UUID.randomUUID();
    issuer.registerClient(CLIENT_ID, clientSecret);
    kafka = SecuredKafka.start(new SaslSslListener.OAuth(issuer.jwksEndpoint(), issuer.issuer(), SCOPE));
    certificate = kafka.certificates().issueClient("tributary-client");
  }

  @AfterAll
  static void stop() {
    try {
      if (kafka != null) {
        kafka.close();
      }
      if (issuer != null) {
        issuer.close();
      }
    } finally {
      root().detachAppender(LOGS);
    }
  }

  // SASL/SCRAM-SHA-256 over TLS (Redpanda); SCRAM-SHA-512 runs every role in SecuredClusterTest

  @Test
  void shouldProduceConsumeAndPlanTopicsWithScramSha256OverTls() {
    Settings settings = sasl("SCRAM-SHA-256", kafka.password());

    roundTrip(settings);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = run(settings, out, err, "topics", "--dry-run");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("tributary topics: SASL_SSL/SCRAM-SHA-256 at " + kafka.bootstrapServers());
  }

  @Test
  void shouldStopWithOneClearErrorWhenTheScramSha256PasswordIsWrong() {
    String wrong = "wrong-" + UUID.randomUUID();

    assertRefused(sasl("SCRAM-SHA-256", wrong), "Kafka refused the login on SASL_SSL/SCRAM-SHA-256 at "
        + kafka.bootstrapServers(), wrong, kafka.password());
  }

  // SASL/PLAIN over TLS (Confluent Cloud API keys, self-hosted PLAIN)

  @Test
  void shouldProduceConsumeAndPlanTopicsWithPlainOverTls() {
    Settings settings = plain(kafka.password());

    roundTrip(settings);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = run(settings, out, err, "topics", "--dry-run");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("tributary topics: SASL_SSL/PLAIN at " + kafka.bootstrapServers());
  }

  @Test
  void shouldStopWithOneClearErrorWhenThePlainPasswordIsWrong() {
    String wrong = "wrong-" + UUID.randomUUID();

    assertRefused(plain(wrong), "Kafka refused the login on SASL_SSL/PLAIN at " + kafka.bootstrapServers(),
        wrong, kafka.password());
  }

  // Mutual TLS (Amazon MSK, self-hosted), the client's key and certificate as PEM

  @Test
  void shouldProduceConsumeAndPlanTopicsWithAClientCertificateInPemFiles() {
    Settings settings = mutualTlsFiles(certificate.pem());

    roundTrip(settings);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = run(settings, out, err, "topics", "--dry-run");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("tributary topics: SSL at " + kafka.mutualTlsBootstrapServers());
  }

  @Test
  void shouldProduceConsumeAndPlanTopicsWithAClientCertificateInAPkcs12Keystore() {
    Map<String, String> env = new HashMap<>(common());
    env.put("TRIBUTARY_KAFKA_PROPERTIES_FILE", propertiesFile(Map.of(
        "bootstrap.servers", kafka.mutualTlsBootstrapServers(),
        "security.protocol", "SSL",
        "ssl.truststore.type", "PKCS12",
        "ssl.truststore.location", kafka.certificates().truststore().toString(),
        "ssl.keystore.type", "PKCS12",
        "ssl.keystore.location", certificate.keystore().toString())).toString());
    env.put("TRIBUTARY_KAFKA_SSL_TRUSTSTORE_PASSWORD", kafka.certificates().password());
    env.put("TRIBUTARY_KAFKA_SSL_KEYSTORE_PASSWORD", kafka.certificates().password());
    Settings settings = SettingsLoader.load(env);

    roundTrip(settings);
    StringWriter err = new StringWriter();
    int exit = run(settings, new StringWriter(), err, "topics", "--dry-run");

    assertThat(exit).as(err.toString()).isZero();
  }

  @Test
  void shouldProduceConsumeAndPlanTopicsWithAClientCertificateInlineInTheEnvironment() {
    Settings settings = mutualTlsInline(true);

    roundTrip(settings);
    StringWriter err = new StringWriter();
    int exit = run(settings, new StringWriter(), err, "topics", "--dry-run");

    assertThat(exit).as(err.toString()).isZero();
  }

  @Test
  void shouldStopWithOneClearErrorWhenTheClientHasNoCertificate() {
    assertRefused(mutualTlsInline(false), "Kafka TLS handshake failed on SSL at " + kafka.mutualTlsBootstrapServers());
  }

  // OAUTHBEARER with OIDC client credentials (managed Kafka, Redpanda Cloud)

  @Test
  void shouldProduceConsumeAndPlanTopicsWithOidcClientCredentials() {
    Settings settings = oauth(clientSecret);

    roundTrip(settings);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = run(settings, out, err, "topics", "--dry-run");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("tributary topics: SASL_SSL/OAUTHBEARER at " + kafka.bootstrapServers());
  }

  @Test
  void shouldStopWithOneClearErrorWhenTheClientSecretIsWrong() {
    String wrong = "wrong-" + UUID.randomUUID();

    assertRefused(oauth(wrong), "Kafka login failed on SASL_SSL/OAUTHBEARER at " + kafka.bootstrapServers(),
        wrong, clientSecret);
  }

  @Test
  void shouldStopWithOneClearErrorWhenTheBrokerRefusesTheToken() {
    // A good token from the issuer, but for another audience: the broker validates it and says no.
    Settings settings = oauth(clientSecret, "reports");

    assertRefused(settings, "Kafka refused the login on SASL_SSL/OAUTHBEARER at " + kafka.bootstrapServers(),
        clientSecret);
  }

  // Secrets

  @Test
  void shouldNeverLogTheSecretsOfAnyMode() throws IOException {
    Logger kafkaLogs = (Logger) LoggerFactory.getLogger("org.apache.kafka");
    Level before = kafkaLogs.getLevel();
    // The clients print their whole configuration at INFO: that is where a secret would leak.
    kafkaLogs.setLevel(Level.INFO);
    List<String> printed = new ArrayList<>();
    try {
      for (Settings settings : List.of(plain(kafka.password()), mutualTlsInline(true), oauth(clientSecret))) {
        KafkaClients clients = settings.kafkaClients();
        roundTrip(settings);
        printed.add(clients.toString());
        LoggerFactory.getLogger(ClientSecurityModesTest.class).info("clients: {}", clients);
      }
    } finally {
      kafkaLogs.setLevel(before);
    }

    String privateKey = privateKeyBody();
    List<String> logged = List.copyOf(LOGS.list).stream().map(ClientSecurityModesTest::render).toList();
    assertThat(printed).allMatch(line -> line.contains("[hidden]"));
    assertThat(printed.get(0)).contains("sasl.jaas.config=[hidden]");
    assertThat(printed.get(1)).contains("ssl.keystore.key=[hidden]");
    assertThat(printed.get(2)).contains("sasl.oauthbearer.client.credentials.client.secret=[hidden]");
    assertThat(logged).anyMatch(line -> line.contains("sasl.jaas.config"))
        .anyMatch(line -> line.contains("ssl.keystore.key"))
        .anyMatch(line -> line.contains("sasl.oauthbearer.client.credentials.client.secret"));
    for (List<String> lines : List.of(printed, logged)) {
      assertThat(lines).noneMatch(line -> line.contains(kafka.password()))
          .noneMatch(line -> line.contains(clientSecret))
          .noneMatch(line -> line.contains(privateKey))
          .noneMatch(line -> line.contains(kafka.certificates().password()));
    }
  }

  private static Settings plain(String password) {
    return sasl("PLAIN", password);
  }

  /**
   * {@link SecuredKafka#USER} with {@code password} over PLAIN or SCRAM: the client properties in a
   * file, the JAAS line (the password) in the environment.
   */
  private static Settings sasl(String mechanism, String password) {
    String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
        : "org.apache.kafka.common.security.scram.ScramLoginModule";
    Map<String, String> env = new HashMap<>(common());
    env.put("TRIBUTARY_KAFKA_PROPERTIES_FILE", propertiesFile(Map.of(
        "bootstrap.servers", kafka.bootstrapServers(),
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", mechanism,
        "ssl.truststore.type", "PKCS12",
        "ssl.truststore.location", kafka.certificates().truststore().toString(),
        "ssl.truststore.password", kafka.certificates().password())).toString());
    env.put("TRIBUTARY_KAFKA_SASL_JAAS_CONFIG", module + " required username=\"" + SecuredKafka.USER + "\" password=\""
        + password + "\";");
    return SettingsLoader.load(env);
  }

  /** Mutual TLS from a properties file: the CA and the client's key and certificate chain as PEM files. */
  private static Settings mutualTlsFiles(Path clientPem) {
    Map<String, String> env = new HashMap<>(common());
    env.put("TRIBUTARY_KAFKA_PROPERTIES_FILE", propertiesFile(Map.of(
        "bootstrap.servers", kafka.mutualTlsBootstrapServers(),
        "security.protocol", "SSL",
        "ssl.truststore.type", "PEM",
        "ssl.truststore.location", kafka.certificates().certificate().toString(),
        "ssl.keystore.type", "PEM",
        "ssl.keystore.location", clientPem.toString())).toString());
    return SettingsLoader.load(env);
  }

  /**
   * Mutual TLS from the environment alone: the CA, and {@code withKey} the client's key and
   * certificate chain, as inline PEM (as a Kubernetes Secret maps them into variables).
   */
  private static Settings mutualTlsInline(boolean withKey) {
    List<String> blocks = pemBlocks(certificate.pem());
    Map<String, String> env = new HashMap<>(common());
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.mutualTlsBootstrapServers());
    env.put("TRIBUTARY_KAFKA_SECURITY_PROTOCOL", "SSL");
    env.put("TRIBUTARY_KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
    env.put("TRIBUTARY_KAFKA_SSL_TRUSTSTORE_CERTIFICATES", read(kafka.certificates().certificate()));
    if (withKey) {
      env.put("TRIBUTARY_KAFKA_SSL_KEYSTORE_TYPE", "PEM");
      env.put("TRIBUTARY_KAFKA_SSL_KEYSTORE_KEY", blocks.get(0));
      env.put("TRIBUTARY_KAFKA_SSL_KEYSTORE_CERTIFICATE_CHAIN", String.join("", blocks.subList(1, blocks.size())));
    }
    return SettingsLoader.load(env);
  }

  /** OAUTHBEARER: the docs' recipe in a file, the client secret in the environment. */
  private static Settings oauth(String secret) {
    return oauth(secret, SCOPE);
  }

  /** {@link #oauth(String)} asking the issuer for a token of {@code scope} (the tokens' audience). */
  private static Settings oauth(String secret, String scope) {
    Map<String, String> file = new HashMap<>();
    file.put("bootstrap.servers", kafka.bootstrapServers());
    file.put("security.protocol", "SASL_SSL");
    file.put("sasl.mechanism", "OAUTHBEARER");
    file.put("sasl.login.callback.handler.class",
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
    file.put("sasl.oauthbearer.token.endpoint.url", issuer.tokenEndpoint());
    file.put("sasl.oauthbearer.client.credentials.client.id", CLIENT_ID);
    file.put("sasl.oauthbearer.scope", scope);
    file.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
    file.put("ssl.truststore.type", "PEM");
    file.put("ssl.truststore.location", kafka.certificates().certificate().toString());
    Map<String, String> env = new HashMap<>(common());
    env.put("TRIBUTARY_KAFKA_PROPERTIES_FILE", propertiesFile(file).toString());
    env.put("TRIBUTARY_KAFKA_SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET", secret);
    return SettingsLoader.load(env);
  }

  private static Map<String, String> common() {
    return Map.of("TRIBUTARY_HOME", home.toString(), "TRIBUTARY_TOPIC_PARTITIONS", "1");
  }

  /** A record produced to a topic of its own and consumed back, by clients {@code settings} builds. */
  private static void roundTrip(Settings settings) {
    String topic = "security-modes-" + UUID.randomUUID();
    kafka.broker().createTopics(1, topic);
    KafkaClients clients = settings.kafkaClients();
    String value = "over " + clients.listener();
    try (KafkaProducer<String, String> producer = clients.producer(Map.of(), new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "key", value)).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("cannot produce over " + clients.listener(), e);
    }
    try (KafkaConsumer<String, String> consumer = clients.consumer(Map.of("group.id", topic,
        "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
        }
      }
      assertThat(values).as("consumed over " + clients.listener()).containsExactly(value);
    }
  }

  /** {@code tributary topics --dry-run} with {@code settings} stops with code 3 and one line that tells no secret. */
  private static void assertRefused(Settings settings, String expected, String... secrets) {
    StringWriter err = new StringWriter();

    // No endless retry loop: the command returns, well within the bound.
    int exit = assertTimeoutPreemptively(Duration.ofMinutes(2),
        () -> run(settings, new StringWriter(), err, "topics", "--dry-run"));

    assertThat(exit).as(err.toString()).isEqualTo(3);
    assertThat(err.toString()).startsWith("tributary: " + expected);
    for (String secret : secrets) {
      assertThat(err.toString()).doesNotContain(secret);
    }
    assertThat(err.toString().lines().filter(line -> !line.isBlank())).hasSize(1);
  }

  /** Runs the CLI with {@code settings} handed to {@code topics}. */
  private static int run(Settings settings, StringWriter out, StringWriter err, String... args) {
    picocli.CommandLine cli = Tributary.commandLine();
    ((TopicsCommand) cli.getSubcommands().get("topics").getCommand()).settingsSource = () -> settings;
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static Path propertiesFile(Map<String, String> properties) {
    StringBuilder text = new StringBuilder();
    properties.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
    try {
      return Files.writeString(Files.createTempFile(home, "client-", ".properties"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The PEM blocks of {@code file}, each with its BEGIN and END lines. */
  private static List<String> pemBlocks(Path file) {
    List<String> blocks = new ArrayList<>();
    StringBuilder block = new StringBuilder();
    for (String line : read(file).lines().toList()) {
      block.append(line).append('\n');
      if (line.startsWith("-----END ")) {
        blocks.add(block.toString());
        block.setLength(0);
      }
    }
    return blocks;
  }

  /** A line from the middle of the client's private key, which must never show. */
  private static String privateKeyBody() {
    List<String> lines = pemBlocks(certificate.pem()).get(0).lines().toList();
    return lines.get(lines.size() / 2);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String render(ILoggingEvent event) {
    String trace = event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
    return event.getFormattedMessage() + trace;
  }

  private static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
