package io.tributary.embedded.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class SecuredKafkaTest {

  @Test
  void shouldAcceptTheScramUserOverTls(SecuredKafka kafka) throws Exception {
    try (Admin admin = Admin.create(config(kafka.clientProperties(SecuredKafka.USER, kafka.password())))) {
      assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void shouldRefuseAWrongPassword(SecuredKafka kafka) {
    try (Admin admin = Admin.create(config(kafka.clientProperties(SecuredKafka.USER, "wrong")))) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void shouldAcceptThePlainUserOverTls(SecuredKafka kafka) throws Exception {
    Map<String, Object> config = config(kafka.clientProperties(SecuredKafka.USER, kafka.password()));
    config.put("sasl.mechanism", "PLAIN");
    config.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + SecuredKafka.USER + "\" password=\"" + kafka.password() + "\";");
    try (Admin admin = Admin.create(config)) {
      assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void shouldAcceptAClientCertificateTheCaSigned(SecuredKafka kafka) throws Exception {
    TestCertificates.ClientCertificate client = kafka.certificates().issueClient("embedded-test");
    Map<String, Object> config = mutualTls(kafka);
    config.put("ssl.keystore.type", "PKCS12");
    config.put("ssl.keystore.location", client.keystore().toString());
    config.put("ssl.keystore.password", kafka.certificates().password());
    try (Admin admin = Admin.create(config)) {
      assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void shouldRefuseAClientWithoutCertificateOnTheMutualTlsListener(SecuredKafka kafka) {
    try (Admin admin = Admin.create(mutualTls(kafka))) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
    }
  }

  private static Map<String, Object> mutualTls(SecuredKafka kafka) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.mutualTlsBootstrapServers());
    config.put("security.protocol", "SSL");
    config.put("ssl.truststore.type", "PEM");
    config.put("ssl.truststore.location", kafka.certificates().certificate().toString());
    return config;
  }

  private static Map<String, Object> config(Map<String, String> client) {
    return new HashMap<>(client);
  }
}
