package io.tributary.embedded.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
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

  private static Map<String, Object> config(Map<String, String> client) {
    return new HashMap<>(client);
  }
}
