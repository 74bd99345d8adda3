package io.tributary.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

  private static final String SECRET = "s3cret-Pa55";

  private final KafkaClients secured = KafkaClients.of(Map.of(
      "bootstrap.servers", "broker:9093",
      "security.protocol", "SASL_SSL",
      "sasl.mechanism", "SCRAM-SHA-512",
      "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\""
          + SECRET + "\";",
      "ssl.truststore.location", "/etc/kafka/truststore.p12",
      "ssl.truststore.password", SECRET,
      "ssl.keystore.key", "-----BEGIN PRIVATE KEY----- " + SECRET));

  @Test
  void shouldNeverShowSecretsWhenDescribed() {
    assertThat(secured.describe().toString()).doesNotContain(SECRET)
        .contains("sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]", "ssl.keystore.key=[hidden]",
            "ssl.truststore.location=/etc/kafka/truststore.p12", "sasl.mechanism=SCRAM-SHA-512");
    assertThat(secured.toString()).doesNotContain(SECRET);
  }

  @Test
  void shouldNotHideEndpointAddresses() {
    assertThat(SecretMask.isSecret("sasl.oauthbearer.token.endpoint.url")).isFalse();
    assertThat(SecretMask.isSecret("sasl.oauthbearer.client.credentials.client.secret")).isTrue();
  }

  @Test
  void shouldNameTheListenerAndMechanism() {
    assertThat(secured.listener()).isEqualTo("SASL_SSL/SCRAM-SHA-512 at broker:9093");
    assertThat(KafkaClients.plaintext("b:9092").listener()).isEqualTo("PLAINTEXT at b:9092");
  }

  @Test
  void shouldAlwaysProduceWithAcksAllAndIdempotence() {
    Map<String, Object> config = secured.producerConfig(Map.of("acks", "1", "enable.idempotence", "false"));

    assertThat(config).containsEntry("acks", "all").containsEntry("enable.idempotence", true)
        .containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void shouldLetTheRoleSettingsWinOverTheConnection() {
    KafkaClients clients = KafkaClients.of(Map.of("bootstrap.servers", "b:9092", "isolation.level", "read_uncommitted"));

    assertThat(clients.config(Map.of("isolation.level", "read_committed"))).containsEntry("isolation.level", "read_committed");
  }

  @Test
  void shouldRefuseToStartWithoutBootstrapServers() {
    assertThatThrownBy(() -> KafkaClients.fromEnvironment(Map.of()))
        .isInstanceOf(KafkaSettingsException.class).hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void shouldExplainARefusedLoginWithListenerAndMechanismButNoSecret() {
    RuntimeException failure = new IllegalStateException("could not list topics",
        new SaslAuthenticationException("Authentication failed during authentication due to invalid credentials "
            + "with SASL mechanism SCRAM-SHA-512"));

    RuntimeException explained = KafkaAccessException.explain(failure, secured);

    assertThat(explained).isInstanceOf(KafkaAccessException.class)
        .hasMessageStartingWith("Kafka refused the login on SASL_SSL/SCRAM-SHA-512 at broker:9093")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void shouldLeaveOtherFailuresAsTheyAre() {
    RuntimeException failure = new IllegalStateException("disk full");

    assertThat(KafkaAccessException.explain(failure, secured)).isSameAs(failure);
  }
}
