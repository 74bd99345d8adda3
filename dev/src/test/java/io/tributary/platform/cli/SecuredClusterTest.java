package io.tributary.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import io.tributary.embedded.testing.SecuredKafka;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.dev.DevStack;
import io.tributary.platform.Tributary;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roll.LiveSource;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Every role against a broker reached only over SASL_SSL with SCRAM-SHA-512 and a certificate made
 * for the run: the API's write path, the document pipeline, the intent router, both projectors and
 * the CLI's ingest and roll prune, all configured the way a user would (a client properties file, the password in
 * {@code TRIBUTARY_KAFKA_SASL_JAAS_CONFIG}). It runs the dev stack, so it lives in the dev module, in
 * the commands' package to hand the ingest command its settings.
 */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class SecuredClusterTest {

  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static SecuredKafka kafka;
  private static TestDatabase db;
  private static Path home;
  private static DevStack stack;
  private static Telemetry telemetry;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(SecuredKafka securedKafka, TestDatabase database, EmbeddedRedis redis) throws Exception {
    kafka = securedKafka;
    db = database;
    LOGS.start();
    root().addAppender(LOGS);
    home = Files.createTempDirectory("tributary-secured");
    Map<String, String> environment = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "DATABASE_URL", db.jdbcUrl(),
        "REDIS_URL", redis.uri());
    telemetry = Telemetry.fromEnvironment(Map.of());
    stack = DevStack.start(settings(kafka.password()), home, environment, telemetry);
  }

  @AfterAll
  static void stop() {
    try {
      if (stack != null) {
        stack.close();
      }
      if (telemetry != null) {
        telemetry.close();
      }
    } finally {
      root().detachAppender(LOGS);
    }
  }

  /** A user's settings: client properties in a file, the JAAS config (the password) in the environment. */
  private static Settings settings(String password) throws Exception {
    Map<String, String> client = new HashMap<>(kafka.clientProperties(SecuredKafka.USER, password));
    String jaas = client.remove("sasl.jaas.config");
    Path file = Files.createTempFile(home, "client-", ".properties");
    StringBuilder text = new StringBuilder();
    client.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    Files.writeString(file, text.toString());
    Map<String, String> env = new HashMap<>();
    env.put("TRIBUTARY_KAFKA_PROPERTIES_FILE", file.toString());
    env.put("TRIBUTARY_KAFKA_SASL_JAAS_CONFIG", jaas);
    env.put("DATABASE_URL", db.jdbcUrl());
    env.put("TRIBUTARY_API_HOST", "127.0.0.1");
    env.put("TRIBUTARY_API_PORT", "0");
    env.put("TRIBUTARY_TENANT", "secured");
    env.put("TRIBUTARY_HOME", home.toString());
    env.put("TRIBUTARY_STREAMS_APPLICATION_ID", "secured-" + UUID.randomUUID());
    env.put("TRIBUTARY_ROUTER_APPLICATION_ID", "secured-router-" + UUID.randomUUID());
    return SettingsLoader.load(env);
  }

  @Test
  void shouldIndexADocumentPostedToTheApiThroughPipelineAndProjector() throws Exception {
    String id = "secured-" + UUID.randomUUID();

    call(request("/api/v1/documents").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id
            + "\",\"title\":\"Vault\",\"text\":\"The vault door opens with a brass key.\"}")).build(), 202);

    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
        .until(() -> hits("brass key vault").contains(id));
  }

  @Test
  void shouldRouteAnIntentPostedToTheApiAndProjectTheDecision() throws Exception {
    String conversation = "secured-" + UUID.randomUUID();

    call(request("/api/v1/intents").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"conversation_id\":\"" + conversation
            + "\",\"text\":\"What was our total revenue in Europe last quarter?\"}")).build(), 202);

    HttpRequest view = request("/api/v1/conversations/" + conversation).build();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
        http.send(view, HttpResponse.BodyHandlers.ofString()).statusCode() == 200
            && call(view, 200).path("message_count").asInt() == 1);
    assertThat(call(view, 200).path("turns").findValuesAsText("agent")).containsExactly("analytics");
  }

  @Test
  void shouldIngestFilesFromTheCliAndWaitUntilTheyAreSearchable() throws Exception {
    Path folder = Files.createTempDirectory(home, "ingest-");
    String marker = "zeppelin" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Files.writeString(folder.resolve("airship.md"), "# Airships\n\nThe " + marker + " floats over the harbour.\n");
    Settings settings = settings(kafka.password()).with(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
    StringWriter err = new StringWriter();

    int exit = run(settings, err, "ingest", "--wait", "--wait-timeout", "PT3M", folder.toString());

    assertThat(exit).as(err.toString()).isZero();
  }

  @Test
  void shouldPlanAndPruneARetiredPipelineFromTheCli(EmbeddedPostgres postgres) throws Exception {
    // Given: in a database of its own (the stack's generations stay untouched), a profile live for two
    // days and a retired one whose output topic exists on the secured cluster
    TestDatabase own = EmbeddedPostgresExtension.freshDatabase(postgres, "secured_roll_prune");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    EmbeddingProfile retired = new EmbeddingProfile("minilm", "retired-" + suffix, 384, 128, 16);
    EmbeddingProfile live = new EmbeddingProfile("minilm", "live-" + suffix, 384, 128, 16);
    Settings settings = settings(kafka.password()).with(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "DATABASE_URL", own.jdbcUrl()));
    try (Database database = new Database(own.jdbcUrl(), 2)) {
      Migrations.apply(database.dataSource());
      generations(database.jdbi(), retired, live);
    }
    String topic = Topics.docsEmbedded(retired).name();
    try (Admin admin = settings.kafkaClients().admin("secured-roll-prune-test")) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

      // When: the plan (print only), then --apply, both over SASL_SSL
      StringWriter planOut = new StringWriter();
      StringWriter planErr = new StringWriter();
      int planned = run(settings, planOut, planErr, "roll", "prune");
      StringWriter applyOut = new StringWriter();
      StringWriter applyErr = new StringWriter();
      int applied = run(settings, applyOut, applyErr, "roll", "prune", "--apply");

      // Then: the retired profile's topic is listed, then deleted
      assertThat(planned).as(planErr.toString()).isZero();
      assertThat(planOut.toString()).contains("would delete topic " + topic);
      assertThat(applied).as(applyErr.toString()).isZero();
      assertThat(applyOut.toString()).contains("deleting topic " + topic, "pruned 0 group(s) and 1 topic(s)");
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> !admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic));
    }
  }

  /** The initial generation retired, {@code retired}'s dropped, {@code live}'s live since two days. */
  private static void generations(Jdbi jdbi, EmbeddingProfile retired, EmbeddingProfile live) {
    jdbi.useTransaction(handle -> {
      handle.execute("UPDATE ops.projection_generations SET state = 'retired' WHERE projection = 'rag'");
      handle.createUpdate("INSERT INTO ops.projection_generations (projection, generation, state, source_topic,"
              + " embedding_profile, switched_at) VALUES ('rag', 2, 'dropped', :topic, CAST(:profile AS jsonb),"
              + " now() - interval '5 days')")
          .bind("topic", Topics.docsEmbedded(retired).name()).bind("profile", LiveSource.json(retired)).execute();
      handle.createUpdate("INSERT INTO ops.projection_generations (projection, generation, state, source_topic,"
              + " embedding_profile, switched_at) VALUES ('rag', 3, 'live', :topic, CAST(:profile AS jsonb),"
              + " now() - interval '2 days')")
          .bind("topic", Topics.docsEmbedded(live).name()).bind("profile", LiveSource.json(live)).execute();
    });
  }

  @Test
  void shouldStopWithOneClearErrorAndExitCodeWhenThePasswordIsWrong() throws Exception {
    String wrong = "wrong-" + UUID.randomUUID();
    Settings settings = settings(wrong).with(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
    Path file = Files.writeString(home.resolve("note.txt"), "never sent");
    StringWriter err = new StringWriter();

    // No endless retry loop: the command returns, well within the bound.
    int exit = assertTimeoutPreemptively(Duration.ofMinutes(2),
        () -> run(settings, err, "ingest", file.toString()));

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString())
        .contains("Kafka refused the login on SASL_SSL/SCRAM-SHA-512 at " + kafka.bootstrapServers())
        .doesNotContain(wrong).doesNotContain(kafka.password());
    assertThat(err.toString().lines().filter(line -> !line.isBlank())).hasSize(1);
  }

  @Test
  void shouldNeverLogTheCredentials() throws Exception {
    Logger kafkaLogs = (Logger) LoggerFactory.getLogger("org.apache.kafka");
    Level before = kafkaLogs.getLevel();
    // The clients print their whole configuration at INFO: that is where a secret would leak.
    kafkaLogs.setLevel(Level.INFO);
    try {
      KafkaClients clients = settings(kafka.password()).with(Map.of("KAFKA_BOOTSTRAP_SERVERS",
          kafka.bootstrapServers())).kafkaClients();
      try (Admin admin = clients.admin("secrets-test");
          KafkaProducer<byte[], byte[]> producer = clients.producer(Map.of(), new ByteArraySerializer(),
              new ByteArraySerializer());
          KafkaConsumer<byte[], byte[]> consumer = clients.consumer(Map.of("group.id", "secrets-test"),
              new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        admin.describeCluster().nodes().get();
        producer.partitionsFor(Topics.DOCS_SUBMITTED.name());
        consumer.partitionsFor(Topics.DOCS_SUBMITTED.name());
      }
      LoggerFactory.getLogger(SecuredClusterTest.class).info("clients: {}", clients);
    } finally {
      kafkaLogs.setLevel(before);
    }

    List<String> logged = List.copyOf(LOGS.list).stream().map(SecuredClusterTest::render).toList();
    assertThat(logged).anyMatch(line -> line.contains("sasl.jaas.config"));
    assertThat(logged).noneMatch(line -> line.contains(kafka.password()))
        .noneMatch(line -> line.contains(kafka.certificates().password()));
  }

  private static String render(ILoggingEvent event) {
    String trace = event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
    return event.getFormattedMessage() + trace;
  }

  private static int run(Settings settings, StringWriter err, String... args) {
    return run(settings, new StringWriter(), err, args);
  }

  /** Runs the CLI with {@code settings} handed to the commands under test (ingest, roll prune). */
  private static int run(Settings settings, StringWriter out, StringWriter err, String... args) {
    CommandLine cli = Tributary.commandLine();
    ((IngestCommand) cli.getSubcommands().get("ingest").getCommand()).settingsSource = () -> settings;
    ((RollPruneCommand) cli.getSubcommands().get("roll").getSubcommands().get("prune").getCommand()).settingsSource =
        () -> settings;
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort() + path))
        .header("Authorization", "Bearer " + stack.devToken());
  }

  private List<String> hits(String query) throws Exception {
    JsonNode body = call(request("/api/v1/search?top_k=10&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
        .GET().build(), 200);
    return body.path("hits").findValuesAsText("document_id");
  }

  private JsonNode call(HttpRequest request, int expected) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    return Json.mapper().readTree(response.body());
  }
}
