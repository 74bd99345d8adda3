package io.tributary.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.config.Settings;
import io.tributary.platform.dev.DevEndpoints;
import io.tributary.platform.dev.DevStackFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class OperatorSettingsTest {

  @TempDir Path home;
  private final ByteArrayOutputStream notices = new ByteArrayOutputStream();

  @Test
  void shouldUseTheRunningDevStackWhenTheEnvironmentNamesNoCluster() {
    long pid = ProcessHandle.current().pid();
    new DevStackFile(home).write(new DevEndpoints("127.0.0.1:39092", "jdbc:postgresql://127.0.0.1:35432/tributary?user=t",
        "redis://127.0.0.1:36379", "http://127.0.0.1:8080", pid));

    Settings settings = OperatorSettings.resolve(Map.of("TRIBUTARY_HOME", home.toString()), out());

    assertThat(settings.kafkaBootstrapServers()).isEqualTo("127.0.0.1:39092");
    assertThat(settings.databaseUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:35432/tributary?user=t");
    assertThat(notices.toString(StandardCharsets.UTF_8)).contains("using the dev stack of process " + pid);
  }

  @Test
  void shouldPreferTheEnvironmentOverTheDevStack() {
    new DevStackFile(home).write(new DevEndpoints("127.0.0.1:39092", "jdbc:postgresql://h/db", "redis://h:1",
        "http://h:1", ProcessHandle.current().pid()));

    Settings settings = OperatorSettings.resolve(
        Map.of("TRIBUTARY_HOME", home.toString(), "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"), out());

    assertThat(settings.kafkaBootstrapServers()).isEqualTo("kafka:9092");
    assertThat(notices.size()).isZero();
  }

  @Test
  void shouldIgnoreARecordWhoseProcessIsGone() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    new DevStackFile(home).write(new DevEndpoints("127.0.0.1:39092", "jdbc:postgresql://h/db", "redis://h:1",
        "http://h:1", finished.pid()));

    Settings settings = OperatorSettings.resolve(Map.of("TRIBUTARY_HOME", home.toString()), out());

    assertThat(settings.value("KAFKA_BOOTSTRAP_SERVERS")).isEmpty();
  }

  @Test
  void shouldKeepTheRecordPrivateToItsUser() throws Exception {
    DevStackFile file = new DevStackFile(home);
    file.write(new DevEndpoints("b", "d", "r", "a", 1));

    assertThat(Files.getPosixFilePermissions(file.path()).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    file.removeIfOwnedBy(1);
    assertThat(file.path()).doesNotExist();
  }

  private PrintStream out() {
    return new PrintStream(notices, true, StandardCharsets.UTF_8);
  }
}
