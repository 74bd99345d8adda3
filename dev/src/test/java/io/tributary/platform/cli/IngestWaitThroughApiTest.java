package io.tributary.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.dev.DevStack;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.Tributary;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.schemas.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code tributary ingest --wait --api}: files go to Kafka, and the wait asks the running API (with
 * the dev issuer's token) instead of Postgres, on the dev stack. It runs the dev stack, so it lives
 * in the dev module, in the commands' package to hand the ingest command its settings.
 */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class IngestWaitThroughApiTest {

  private static Path home;
  private static DevStack stack;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db, EmbeddedRedis redis) throws Exception {
    home = Files.createTempDirectory("tributary-ingest-api");
    Map<String, String> environment = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "DATABASE_URL", db.jdbcUrl(), "REDIS_URL", redis.uri());
    Map<String, String> all = new HashMap<>(environment);
    all.put("TRIBUTARY_API_HOST", "127.0.0.1");
    all.put("TRIBUTARY_API_PORT", "0");
    all.put("TRIBUTARY_TENANT", "ingest-api");
    all.put("TRIBUTARY_HOME", home.toString());
    all.put("TRIBUTARY_STREAMS_APPLICATION_ID", "ingest-api-" + UUID.randomUUID());
    stack = DevStack.start(SettingsLoader.load(all), home, environment);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldWaitThroughTheApiUntilEveryIngestedFileIsSearchable() throws Exception {
    Path folder = Files.createTempDirectory(home, "ingest-");
    String marker = "dirigible" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Files.writeString(folder.resolve("airship.md"), "# Airships\n\nThe " + marker + " floats over the harbour.\n");
    Files.writeString(folder.resolve("mooring.txt"), "The " + marker + " is moored to a mast at night.\n");
    StringWriter err = new StringWriter();

    int exit = run(err, "ingest", folder.toString(), "--wait", "--wait-timeout", "PT3M", "--api", api(),
        "--token", stack.devToken());

    assertThat(exit).as(err.toString()).isZero();
    // The wait returned only once both are live: search finds them without waiting any further.
    assertThat(hits(marker)).hasSize(2);
  }

  @Test
  void shouldStopWithOneLineNamingTheRefusedTokenAndNeverPrintIt() throws Exception {
    Path file = Files.writeString(home.resolve("note-" + UUID.randomUUID() + ".txt"), "A note on kites.\n");
    String forged = "not-a-token-" + UUID.randomUUID();
    StringWriter err = new StringWriter();

    int exit = run(err, "ingest", file.toString(), "--wait", "--api", api(), "--token", forged);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("tributary: the API at " + api() + " refused the token (401):"
        + " missing, invalid or expired; give one with --token or TRIBUTARY_TOKEN");
  }

  private static String api() {
    return "http://127.0.0.1:" + stack.apiPort();
  }

  private static int run(StringWriter err, String... args) {
    CommandLine cli = Tributary.commandLine();
    ((IngestCommand) cli.getSubcommands().get("ingest").getCommand()).settingsSource = stack::settings;
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private JsonNode hits(String query) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(api() + "/api/v1/search?mode=keyword&top_k=10&q="
        + URLEncoder.encode(query, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + stack.devToken())
        .GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.mapper().readTree(response.body()).path("hits");
  }
}
