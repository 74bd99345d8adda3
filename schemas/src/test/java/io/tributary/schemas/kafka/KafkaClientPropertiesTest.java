package io.tributary.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {

  @TempDir Path dir;

  @Test
  void shouldReadAStandardClientPropertiesFile() throws IOException {
    Path file = clientFile("""
        bootstrap.servers=broker-1:9092,broker-2:9092
        security.protocol=SASL_SSL
        sasl.mechanism=SCRAM-SHA-512
        """);

    Map<String, String> properties = KafkaClientProperties.resolve(Map.of(KafkaClientProperties.FILE_VARIABLE, file.toString()));

    assertThat(properties).containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092")
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
  }

  @Test
  void shouldLetVariablesWinOverTheFileAndKafkaBootstrapServersWinOverBoth() throws IOException {
    Path file = clientFile("bootstrap.servers=from-file:9092\nsasl.mechanism=PLAIN\n");

    Map<String, String> properties = KafkaClientProperties.resolve(Map.of(
        KafkaClientProperties.FILE_VARIABLE, file.toString(),
        "TRIBUTARY_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "from-variable:9092",
        "KAFKA_BOOTSTRAP_SERVERS", "front-door:9092"));

    assertThat(properties).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("bootstrap.servers", "front-door:9092");
  }

  @Test
  void shouldMapVariableNamesToPropertyNames() {
    assertThat(KafkaClientProperties.propertyName("TRIBUTARY_KAFKA_SSL_TRUSTSTORE_LOCATION"))
        .isEqualTo("ssl.truststore.location");
  }

  @Test
  void shouldNotTakeTributarysOwnKafkaSettingsForClientProperties() {
    Map<String, String> properties = KafkaClientProperties.resolve(Map.of(
        "TRIBUTARY_KAFKA_TIMEOUT_MS", "10000", "KAFKA_BOOTSTRAP_SERVERS", "b:9092"));

    assertThat(properties).containsOnlyKeys("bootstrap.servers");
  }

  @Test
  void shouldNameAMissingFile() {
    assertThatThrownBy(() -> KafkaClientProperties.resolve(
        Map.of(KafkaClientProperties.FILE_VARIABLE, dir.resolve("absent.properties").toString())))
        .isInstanceOf(KafkaSettingsException.class)
        .hasMessageContaining("TRIBUTARY_KAFKA_PROPERTIES_FILE").hasMessageContaining("absent.properties");
  }

  private Path clientFile(String text) throws IOException {
    return Files.writeString(dir.resolve("client.properties"), text);
  }
}
