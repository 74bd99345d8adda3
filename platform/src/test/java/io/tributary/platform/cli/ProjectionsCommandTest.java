package io.tributary.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.health.HealthService;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.Tributary;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.ProjectionsWiring;
import io.tributary.projections.agents.AgentLabelsProjection;
import io.tributary.projections.agents.AgentsProjection;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.projector.ProjectorConfig;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.agents.RouteReason;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code tributary projections} and {@code GET /api/v1/projections} on a real broker and Postgres,
 * with the agents projectors running: poison records on agents.labels.v1 and agents.routed.v1 show
 * up as open dead letters of their projection, and {@code skip}/{@code retry} resolve them.
 */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class ProjectionsCommandTest {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Pattern HEADLINE = Pattern.compile(
      "(\\S+) <- (\\S+): (live generation \\d+|not replayable), lag (\\d+), dead letters open (\\d+), parked (\\d+)");

  private final EmbeddedKafka kafka;
  private final Settings settings;
  private final HttpClient http = HttpClient.newHttpClient();
  private Database database;
  private Admin admin;
  private ProjectorRunner<String, RoutingDecision> routes;
  private ProjectorRunner<byte[], byte[]> labels;
  private EdgeApi api;

  ProjectionsCommandTest(EmbeddedKafka kafka, TestDatabase db) {
    this.kafka = kafka;
    this.settings = SettingsLoader.load(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "DATABASE_URL", db.jdbcUrl()));
  }

  @BeforeEach
  void start() {
    database = new Database(settings.databaseUrl(), 4);
    Migrations.apply(database.dataSource());
    admin = settings.kafkaClients().admin("projections-command-test");
    // Other tests of this JVM may have written to the catalogue's topics: counts below are relative.
    new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    ProjectorConfig config = ProjectorConfig.of(settings.kafkaClients());
    routes = new ProjectorRunner<>(new AgentsProjection(), database.jdbi(), config).start();
    labels = new ProjectorRunner<>(new AgentLabelsProjection(), database.jdbi(), config).start();
    api = EdgeApi.start("127.0.0.1", 0, new EdgeApi.EdgeServices(null, null, new HealthService(List.of()))
        .withProjections(ProjectionsWiring.service(settings, database, database, admin)));
  }

  @AfterEach
  void stop() {
    api.close();
    labels.close();
    routes.close();
    admin.close();
    database.close();
  }

  @Test
  void shouldShowEveryProjectionAndOnlyRagAsReplayable() {
    Run status = run("projections");

    assertThat(status.exit()).as(status.err()).isZero();
    Map<String, Headline> headlines = headlines(status.out());
    assertThat(headlines.keySet()).containsExactly("rag", "document-failures", "agents", "agent-labels");
    assertThat(headlines.get("rag").topic()).isEqualTo("docs.embedded.v1");
    assertThat(headlines.get("rag").generation()).startsWith("live generation ");
    assertThat(headlines.get("document-failures").topic()).isEqualTo("docs.submitted.v1.dlq.v1");
    assertThat(headlines.get("agents").topic()).isEqualTo("agents.routed.v1");
    assertThat(headlines.get("agent-labels").topic()).isEqualTo("agents.labels.v1");
    for (String name : List.of("document-failures", "agents", "agent-labels")) {
      assertThat(headlines.get(name).generation()).as(name).isEqualTo("not replayable");
    }
  }

  @Test
  void shouldShowAPoisonLabelAsAnOpenDeadLetterOfAgentLabelsAndSkipIt() throws Exception {
    // Given: agent-labels caught up with what the topic holds
    Headline before = caughtUp("agent-labels");
    String key = "acme/poison-" + UUID.randomUUID();
    String messageId = key.substring("acme/".length());

    // When: a record that is not a label, then a label of the same message
    IntentLabel label = new IntentLabel("acme", messageId, "refund please", "billing", IntentLabel.OPERATOR,
        Instant.parse("2026-03-01T12:00:00Z"));
    produce(Topics.AGENTS_LABELS.name(), key, utf8("{\"agent\": 7, not json"),
        Topics.AGENTS_LABELS.valueSerde().serializer().serialize(Topics.AGENTS_LABELS.name(), label));

    // Then: the CLI and the API show one more open dead letter with the label parked behind it
    Headline poisoned = awaitHeadline("agent-labels",
        h -> h.open() == before.open() + 1 && h.parked() == before.parked() + 1);
    assertThat(poisoned.lag()).isZero();
    assertThat(block(run("projections").out(), "agent-labels")).contains("last error (").contains("MALFORMED_JSON");
    JsonNode reported = apiStatus("agent-labels");
    assertThat(reported.path("replayable").asBoolean(true)).isFalse();
    assertThat(reported.path("open_dead_letters").asLong()).isEqualTo(before.open() + 1);
    assertThat(reported.path("parked_records").asLong()).isEqualTo(before.parked() + 1);
    assertThat(reported.path("last_error").asText()).startsWith("MALFORMED_JSON");
    assertThat(labelOf("acme", messageId)).isEmpty();

    // When: the operator skips it
    long id = openDeadLetter("agent-labels", key);
    Run skip = run("projections", "skip", "agent-labels", Long.toString(id));

    // Then: the parked label is applied and the counts are back
    assertThat(skip.exit()).as(skip.err()).isZero();
    assertThat(skip.out().strip())
        .isEqualTo("dead letter " + id + ": 1 records applied, 0 parked again, 0 new dead letters");
    Headline resolved = headline("agent-labels");
    assertThat(resolved.open()).isEqualTo(before.open());
    assertThat(resolved.parked()).isEqualTo(before.parked());
    assertThat(labelOf("acme", messageId)).contains("billing");
    assertThat(letterStatus(id)).isEqualTo("skipped");
  }

  @Test
  void shouldRetryADecisionTheAgentsReadModelRefusedOnceItIsFixed() throws Exception {
    // Given: a read model that refuses decisions for agent 'quarantine' (as a bug would), caught up
    database.jdbi().useHandle(h -> h.execute(
        "ALTER TABLE agents.routes ADD CONSTRAINT refuses_quarantine CHECK (agent <> 'quarantine')"));
    Headline before = caughtUp("agents");
    String conversation = "conv-" + UUID.randomUUID();

    // When: a refused decision, then a later one of the same conversation (the record key)
    produce(Topics.AGENTS_ROUTED.name(), conversation,
        decision(conversation, "m-1", "quarantine"), decision(conversation, "m-2", "billing"));

    // Then: agents shows one more open dead letter and the later decision parked behind it
    awaitHeadline("agents", h -> h.open() == before.open() + 1 && h.parked() == before.parked() + 1);
    assertThat(block(run("projections").out(), "agents")).contains("CONSTRAINT_VIOLATION");
    assertThat(apiStatus("agents").path("open_dead_letters").asLong()).isEqualTo(before.open() + 1);
    long first = openDeadLetter("agents", conversation);

    // When: retried before the fix
    Run again = run("projections", "retry", "agents", Long.toString(first));

    // Then: refused again, the letter stays open with the decision still parked behind it
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out().strip())
        .isEqualTo("dead letter " + first + ": 0 records applied, 1 parked again, 1 new dead letters");
    assertThat(openDeadLetter("agents", conversation)).isEqualTo(first);
    Headline refused = headline("agents");
    assertThat(refused.open()).isEqualTo(before.open() + 1);
    assertThat(refused.parked()).isEqualTo(before.parked() + 1);

    // When: the read model is fixed and the letter retried
    database.jdbi().useHandle(h -> h.execute("ALTER TABLE agents.routes DROP CONSTRAINT refuses_quarantine"));
    Run fixed = run("projections", "retry", "agents", Long.toString(first));

    // Then: both decisions are applied in log order and nothing is open or parked any more
    assertThat(fixed.exit()).as(fixed.err()).isZero();
    assertThat(fixed.out().strip())
        .isEqualTo("dead letter " + first + ": 2 records applied, 0 parked again, 0 new dead letters");
    Headline resolved = headline("agents");
    assertThat(resolved.open()).isEqualTo(before.open());
    assertThat(resolved.parked()).isEqualTo(before.parked());
    List<String> routed = database.jdbi().withHandle(h -> h.createQuery(
            "SELECT message_id || '=' || agent FROM agents.routes WHERE conversation_id = :c ORDER BY seq")
        .bind("c", conversation).mapTo(String.class).list());
    assertThat(routed).containsExactly("m-1=quarantine", "m-2=billing");
    assertThat(letterStatus(first)).isEqualTo("retried");
  }

  @Test
  void shouldNameTheKnownProjectionsForAnUnknownOneAndRefuseAMissingDeadLetter() {
    Run unknown = run("projections", "skip", "nope", "1");
    Run missing = run("projections", "retry", "agent-labels", "999999999");

    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err().strip())
        .isEqualTo("tributary: no projection named 'nope'; known: [rag, document-failures, agents, agent-labels]");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip())
        .isEqualTo("tributary: projection agent-labels has no open dead letter 999999999");
  }

  /** A command's exit code and what it printed. */
  private record Run(int exit, String out, String err) {}

  /** The first line of one projection's status. */
  private record Headline(String topic, String generation, long lag, long open, long parked) {}

  private Run run(String... args) {
    CommandLine cli = Tributary.commandLine();
    ((ProjectionsCommand) cli.getSubcommands().get("projections").getCommand()).settingsSource = () -> settings;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Map<String, Headline> headlines(String out) {
    Map<String, Headline> headlines = new LinkedHashMap<>();
    out.lines().filter(line -> !line.startsWith(" ")).forEach(line -> {
      Matcher matcher = HEADLINE.matcher(line);
      assertThat(matcher.matches()).as(line).isTrue();
      headlines.put(matcher.group(1), new Headline(matcher.group(2), matcher.group(3), Long.parseLong(matcher.group(4)),
          Long.parseLong(matcher.group(5)), Long.parseLong(matcher.group(6))));
    });
    return headlines;
  }

  /** The lines {@code tributary projections} printed about {@code projection}. */
  private static String block(String out, String projection) {
    StringBuilder block = new StringBuilder();
    boolean inside = false;
    for (String line : out.lines().toList()) {
      if (!line.startsWith(" ")) {
        inside = line.startsWith(projection + " <- ");
      }
      if (inside) {
        block.append(line).append('\n');
      }
    }
    assertThat(block).as(out).isNotEmpty();
    return block.toString();
  }

  private Headline headline(String projection) {
    Run status = run("projections");
    assertThat(status.exit()).as(status.err()).isZero();
    Headline headline = headlines(status.out()).get(projection);
    assertThat(headline).as(status.out()).isNotNull();
    return headline;
  }

  private Headline awaitHeadline(String projection, Predicate<Headline> reached) {
    return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
        .until(() -> headline(projection), reached::test);
  }

  /** The status once {@code projection} holds everything on its topic. */
  private Headline caughtUp(String projection) {
    return awaitHeadline(projection, h -> h.lag() == 0);
  }

  private JsonNode apiStatus(String projection) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + api.port() + "/api/v1/projections/" + projection)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.mapper().readTree(response.body());
  }

  private long openDeadLetter(String projection, String key) {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM ops.dead_letters"
            + " WHERE projection = :p AND key_hex = :k AND status = 'open'")
        .bind("p", projection).bind("k", HexFormat.of().formatHex(utf8(key))).mapTo(Long.class).one());
  }

  private String letterStatus(long id) {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT status FROM ops.dead_letters WHERE id = :id")
        .bind("id", id).mapTo(String.class).one());
  }

  private Optional<String> labelOf(String tenant, String messageId) {
    return database.jdbi().withHandle(h -> h.createQuery(
            "SELECT agent FROM agents.labels WHERE tenant = :t AND message_id = :m")
        .bind("t", tenant).bind("m", messageId).mapTo(String.class).findOne());
  }

  private byte[] decision(String conversation, String message, String agent) {
    Instant at = Instant.parse("2026-03-01T12:00:00Z");
    RoutingDecision decision = new RoutingDecision(message, conversation, "acme", "u1", agent, 0.8, "hr", 0.1, 0.7,
        RouteReason.MATCHED, "agents." + agent + ".requests.v1", "v1", "all-minilm-l6-v2-q", "refund please", at,
        at.plusMillis(5), "", 0);
    return Topics.AGENTS_ROUTED.valueSerde().serializer().serialize(Topics.AGENTS_ROUTED.name(), decision);
  }

  /** Sends {@code values} under one key, in order, and waits for each acknowledgement. */
  private void produce(String topic, String key, byte[]... values) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(topic, utf8(key), value)).get();
      }
    } catch (Exception e) {
      throw new AssertionError("could not produce to " + topic, e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
