package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class EmbeddedServicesTest {

  private static final PostgresOptions FAST = PostgresOptions.defaults().forTests();

  @Test
  void shouldStartNothingWhenTheEnvironmentNamesEveryService(@TempDir Path baseDir) throws Exception {
    try (EmbeddedPostgres external = EmbeddedPostgres.startTemporary(FAST)) {
      // given
      Map<String, String> env = Map.of(
          "KAFKA_BOOTSTRAP_SERVERS", "kafka.example:9092",
          "DATABASE_URL", external.jdbcUrl(),
          "REDIS_URL", "redis://cache.example:6379");

      // when
      try (EmbeddedServices services = EmbeddedServices.start(baseDir, env, FAST)) {
        // then
        assertThat(services.kafkaBootstrapServers()).isEqualTo("kafka.example:9092");
        assertThat(services.databaseUrl()).isEqualTo(external.jdbcUrl());
        assertThat(services.redisUri()).isEqualTo("redis://cache.example:6379");
        assertThat(services.embeddedKafka()).isEmpty();
        assertThat(services.embeddedPostgres()).isEmpty();
        assertThat(services.embeddedRedis()).isEmpty();
        assertThat(ProcessProbe.pidsMentioning(baseDir.toString())).isEmpty();
        try (Stream<Path> children = Files.list(baseDir)) {
          assertThat(children).isEmpty();
        }
        try (Connection connection = DriverManager.getConnection(services.databaseUrl())) {
          assertThat(connection.isValid(5)).isTrue();
        }
      }
    }
  }

  @Test
  void shouldHandAnExternalDatabaseUrlOnAsGiven(@TempDir Path baseDir) {
    Map<String, String> env = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "k:9092",
        "DATABASE_URL", "postgres://app:pw@db.example:5432/tributary",
        "REDIS_URL", "redis://r:6379");

    try (EmbeddedServices services = EmbeddedServices.start(baseDir, env, FAST)) {
      assertThat(services.databaseUrl()).isEqualTo("postgres://app:pw@db.example:5432/tributary");
    }
  }

  @Test
  void shouldStartAllThreeWhenTheEnvironmentIsEmptyAndStopThemOnClose(@TempDir Path baseDir) throws Exception {
    // given
    Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    EmbeddedServices services = EmbeddedServices.start(baseDir, Map.of("DATABASE_URL", " "), FAST);
    long postgresPid = services.embeddedPostgres().orElseThrow().pid();
    long redisPid = services.embeddedRedis().orElseThrow().pid();
    int kafkaPort = Integer.parseInt(services.kafkaBootstrapServers().split(":")[1]);
    try (Connection connection = DriverManager.getConnection(services.databaseUrl())) {
      assertThat(connection.isValid(5)).isTrue();
    }
    assertThat(services.redisUri()).startsWith("redis://127.0.0.1:");
    assertThat(baseDir.resolve("kafka")).isDirectory();

    // when
    services.close();
    services.close();

    // then
    assertThat(ProcessHandle.of(postgresPid)).isEmpty();
    assertThat(ProcessHandle.of(redisPid)).isEmpty();
    assertThatThrownBy(() -> new Socket("127.0.0.1", kafkaPort).close())
        .isInstanceOf(ConnectException.class);
  }
}
