package io.tributary.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.platform.Tributary;
import io.tributary.platform.config.SettingsLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class TopicsCommandTest {

  @Test
  void shouldPrintTheDifferencesOnADryRunAndMatchAfterApply(EmbeddedKafka kafka) {
    // Given: the catalogue on a broker other tests of this JVM may have created some of its topics on
    CommandLine cli = Tributary.commandLine();
    ((TopicsCommand) cli.getSubcommands().get("topics").getCommand()).settingsSource = () -> SettingsLoader.load(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "TRIBUTARY_TOPIC_PARTITIONS", "3"));
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));

    // When: a dry run, then --apply, then another dry run
    int dryRun = cli.execute("topics", "--dry-run");
    String planned = out.toString();
    int apply = cli.execute("topics", "--apply");

    // Then: the plan names the listener and the changes; after apply (once the new topics' metadata
    // reached the broker's listing) only what the command never does by itself remains
    assertThat(dryRun).isZero();
    assertThat(apply).isZero();
    assertThat(planned).startsWith("tributary topics: PLAINTEXT at " + kafka.bootstrapServers())
        .containsAnyOf("dry run: nothing changed", "the cluster matches the catalogue", "nothing to apply");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      out.getBuffer().setLength(0);
      assertThat(cli.execute("topics")).isZero();
      assertThat(out.toString().lines().filter(line -> line.startsWith("  "))).allMatch(line ->
          line.contains("raise partitions of ") || line.contains("keep ") || line.contains("WARNING"));
    });
  }
}
