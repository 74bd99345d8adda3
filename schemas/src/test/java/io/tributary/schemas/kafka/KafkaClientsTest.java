package io.tributary.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import javax.security.auth.login.LoginException;
import org.apache.kafka.common.KafkaException;
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
  void shouldExplainAnOAuthTokenEndpointRefusalWithListenerAndMechanism() {
    KafkaClients oauth = KafkaClients.of(Map.of("bootstrap.servers", "broker:9093", "security.protocol", "SASL_SSL",
        "sasl.mechanism", "OAUTHBEARER", "sasl.oauthbearer.client.credentials.client.secret", SECRET));
    // As the Java client fails when the token endpoint refuses the client credentials.
    RuntimeException failure = new KafkaException("Failed to create new KafkaAdminClient",
        new KafkaException(new LoginException("org.apache.kafka.common.KafkaException: org.apache.kafka.common"
            + ".security.oauthbearer.internals.secured.UnretryableException: java.io.IOException: The response code 401"
            + " and error response {\"invalid_client\"} was encountered reading the token endpoint response")));

    RuntimeException explained = KafkaAccessException.explain(failure, oauth);

    assertThat(explained).isInstanceOf(KafkaAccessException.class)
        .hasMessage("Kafka login failed on SASL_SSL/OAUTHBEARER at broker:9093: The response code 401 and error"
            + " response {\"invalid_client\"} was encountered reading the token endpoint response (check the client id"
            + " and secret in sasl.oauthbearer.client.credentials.* and sasl.oauthbearer.token.endpoint.url)");
  }

  @Test
  void shouldLeaveOtherFailuresAsTheyAre() {
    RuntimeException failure = new IllegalStateException("disk full");

    assertThat(KafkaAccessException.explain(failure, secured)).isSameAs(failure);
  }
}
