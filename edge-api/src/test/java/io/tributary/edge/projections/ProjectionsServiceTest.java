package io.tributary.edge.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.EdgePolicy;
import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.security.Authenticator;
import io.tributary.edge.security.Caller;
import io.tributary.edge.security.Role;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.tenancy.SingleTenant;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.agents.AgentLabelsProjection;
import io.tributary.projections.projector.ProjectorConfig;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.replay.Replay;
import io.tributary.projections.replay.ReplayLauncher;
import io.tributary.projections.replay.ReplaySettings;
import io.tributary.projections.status.ProjectionStatusReader;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class ProjectionsServiceTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newHttpClient();
  private final EmbeddedKafka kafka;
  private final TestDatabase db;
  private Admin admin;
  private Database database;
  private DocumentSubmitter submitter;
  private ProjectorRunner<String, EmbeddedDocument> projector;
  private EdgeApi api;

  ProjectionsServiceTest(EmbeddedKafka kafka, TestDatabase db) {
    this.kafka = kafka;
    this.db = db;
  }

  @BeforeEach
  void start() {
    admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    database = new Database(db.jdbcUrl());
    Migrations.apply(database.dataSource());
    produce(12);
    projector = new ProjectorRunner<>(new RagProjection(), database.jdbi(), ProjectorConfig.of(KafkaClients.plaintext(kafka.bootstrapServers())))
        .start();
    submitter = DocumentSubmitter.connect(KafkaClients.plaintext(kafka.bootstrapServers()), "projections-test");
    SingleTenant tenants = new SingleTenant("acme");
    ReplayLauncher launcher = ReplayLauncher.of(List.of("rag"), name -> new Replay<>(new RagGenerations(),
        database.jdbi(), ReplaySettings.of(KafkaClients.plaintext(kafka.bootstrapServers()))));
    api = EdgeApi.start("127.0.0.1", 0, new EdgeApi.EdgeServices(
        null, null,
        new HealthService(List.of()))
        .withProjections(new ProjectionsService(new ProjectionStatusReader(database.jdbi(), admin,
            List.of(new RagProjection(), new AgentLabelsProjection()), List.of(new RagGenerations())),
            launcher, new JsonBodies(4096))));
  }

  @AfterEach
  void stop() {
    api.close();
    projector.close();
    submitter.close();
    database.close();
    admin.close();
  }

  @Test
  void shouldReportTheLiveGenerationOffsetsAndLagThenReplayToANewGeneration() throws Exception {
    // given the projector caught up
    await().atMost(PATIENCE).until(() -> rag().path("lag").asLong(-1) == 0 && rag().path("partitions").size() == 3);
    JsonNode status = rag();
    assertThat(status.path("live_generation").asInt()).isEqualTo(1);
    assertThat(status.path("topic").asText()).isEqualTo("docs.embedded.v1");
    long stored = 0;
    for (JsonNode partition : status.path("partitions")) {
      assertThat(partition.path("stored_offset").asLong()).isEqualTo(partition.path("end_offset").asLong());
      stored += partition.path("stored_offset").asLong();
    }
    assertThat(stored).isGreaterThanOrEqualTo(12);
    assertThat(status.path("open_dead_letters").asLong()).isZero();

    // when a dry run is asked for, then the plan comes back and nothing starts
    HttpResponse<String> dryRun = post("/api/v1/projections/rag/replay", "{\"dry_run\": true}");
    assertThat(dryRun.statusCode()).isEqualTo(200);
    assertThat(json(dryRun).path("status").asText()).isEqualTo("dry-run");
    assertThat(json(dryRun).path("records_expected").asLong()).isEqualTo(stored);
    assertThat(rag().path("building").isNull()).isTrue();

    // when a replay is started, then 202 points at the status, which reaches generation 2
    HttpResponse<String> started = post("/api/v1/projections/rag/replay", "{\"from\": \"beginning\"}");
    assertThat(started.statusCode()).isEqualTo(202);
    assertThat(started.headers().firstValue("Location")).contains("/api/v1/projections/rag");
    await().atMost(PATIENCE).until(() -> rag().path("live_generation").asInt() == 2);
    assertThat(rag().path("lag").asLong()).isZero();
  }

  @Test
  void shouldAnswerNotFoundAndBadRequestWithTheErrorEnvelope() throws Exception {
    HttpResponse<String> unknown = post("/api/v1/projections/nope/replay", "{}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("code").asText()).isEqualTo("NOT_FOUND");

    HttpResponse<String> badTime = post("/api/v1/projections/rag/replay", "{\"from\": \"yesterday\"}");
    assertThat(badTime.statusCode()).isEqualTo(400);
    assertThat(badTime.body()).contains("from");
  }

  @Test
  void shouldReportAProjectionWithoutGenerationsAndRefuseToReplayIt() throws Exception {
    // given a projection that keeps no generations beside the rebuildable rag
    JsonNode labels = projection("agent-labels");
    assertThat(labels.path("topic").asText()).isEqualTo("agents.labels.v1");
    assertThat(labels.path("replayable").isBoolean()).isTrue();
    assertThat(labels.path("replayable").asBoolean()).isFalse();
    assertThat(labels.path("live_generation").asInt(-1)).isZero();
    assertThat(labels.path("partitions").size()).isEqualTo(3);
    assertThat(rag().path("replayable").asBoolean()).isTrue();
    HttpResponse<String> list = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + api.port() + "/api/v1/projections")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(json(list).path("projections").findValuesAsText("projection")).containsExactly("rag", "agent-labels");

    // when its replay is asked for, also as a dry run
    HttpResponse<String> refused = post("/api/v1/projections/agent-labels/replay", "{\"from\": \"beginning\"}");
    HttpResponse<String> dryRun = post("/api/v1/projections/agent-labels/replay", "{\"dry_run\": true}");

    // then it is refused, naming what can be replayed, and nothing is building
    for (HttpResponse<String> response : List.of(refused, dryRun)) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
      assertThat(json(response).path("code").asText()).isEqualTo("NOT_REPLAYABLE");
      assertThat(json(response).path("message").asText()).contains("'agent-labels'", "replayable: [rag]");
    }
    assertThat(projection("agent-labels").path("building").isNull()).isTrue();
  }

  @Test
  void shouldShowDeadLetterMessagesOnlyToAdmins() throws Exception {
    // given a dead letter whose message quotes another tenant's document
    database.jdbi().useHandle(handle -> handle.execute("INSERT INTO ops.dead_letters (projection, topic, partition,"
        + " \"offset\", error_code, error_class, error_message) VALUES ('rag', 'docs.embedded.v1', 0, 999999,"
        + " 'SCHEMA_VIOLATION', 'Example', 'document secret-of-tenant-b')"));
    // and a server whose callers are a reader of tenant-a or an admin, by the token they send
    Authenticator byToken = authorization -> authorization.orElse("").endsWith("admin")
        ? new Caller("root", "ops", Set.of(Role.READ, Role.ADMIN))
        : new Caller("reader", "tenant-a", Set.of(Role.READ));
    try (EdgeApi guarded = EdgeApi.start("127.0.0.1", 0, new EdgeApi.EdgeServices(null, null,
        new HealthService(List.of())).withProjections(new ProjectionsService(
            new ProjectionStatusReader(database.jdbi(), admin, List.of(new RagProjection()),
                List.of(new RagGenerations())),
            ReplayLauncher.of(List.of(), name -> null), new JsonBodies(4096))),
        new EdgePolicy(byToken, CorsPolicy.none(), 0, 0))) {

      for (String path : List.of("/api/v1/projections", "/api/v1/projections/rag")) {
        String asReader = get(guarded.port(), path, "Bearer reader");
        String asAdmin = get(guarded.port(), path, "Bearer admin");

        assertThat(asReader).as(path).contains("SCHEMA_VIOLATION").contains("tributary.admin")
            .doesNotContain("secret-of-tenant-b");
        assertThat(asReader).as(path).contains("\"open_dead_letters\":1");
        assertThat(asAdmin).as(path).contains("SCHEMA_VIOLATION: document secret-of-tenant-b");
      }
    }
  }

  private String get(int port, String path, String authorization) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).header("Authorization", authorization).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private JsonNode rag() throws Exception {
    return projection("rag");
  }

  private JsonNode projection(String name) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + api.port() + "/api/v1/projections/" + name)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  private void produce(int count) {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, EmbeddedDocument> producer = new KafkaProducer<>(props,
        Topics.DOCS_EMBEDDED.keySerde().serializer(), Topics.DOCS_EMBEDDED.valueSerde().serializer())) {
      for (int i = 0; i < count; i++) {
        String id = "status-" + i;
        float[] vector = new float[384];
        vector[i % 384] = 1f;
        EmbeddedDocument document = new EmbeddedDocument(id, "acme", 1, "0".repeat(64), "t", "s", "text/plain",
            Map.of(), "test", 384, List.of(new EmbeddedChunk(0, "text " + i, List.of(), 0, 6,
                VectorCodec.encode(vector))), null, null);
        producer.send(new ProducerRecord<>(Topics.DOCS_EMBEDDED.name(), id, document));
      }
      producer.flush();
    }
  }
}
