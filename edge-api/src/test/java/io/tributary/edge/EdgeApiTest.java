package io.tributary.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.edge.documents.DocumentsService;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.health.PostgresCheck;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.search.SearchService;
import io.tributary.edge.tenancy.SingleTenant;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.rag.RagSearch;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.MiniLmEmbedder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class EdgeApiTest {

  private static final String TENANT = "tenant-a";
  private static final int MAX_BODY = 64 * 1024;

  private static MiniLmEmbedder embedder;
  private static Database database;
  private static DocumentSubmitter submitter;
  private static EdgeApi api;
  private static String kafkaBootstrap;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db) {
    kafkaBootstrap = kafka.bootstrapServers();
    try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap))) {
      new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(30)).ensure(Topics.all());
    }
    database = new Database(db.jdbcUrl());
    Migrations.apply(database.dataSource());
    embedder = new MiniLmEmbedder(2);
    submitter = DocumentSubmitter.connect(kafkaBootstrap, "edge-test");
    SingleTenant tenants = new SingleTenant(TENANT);
    api = EdgeApi.start("127.0.0.1", 0, new EdgeApi.EdgeServices(
        new DocumentsService(submitter, tenants, new JsonBodies(MAX_BODY), Clock.systemUTC(), Duration.ofSeconds(10)),
        new SearchService(embedder, new RagSearch(database.jdbi()), tenants),
        new HealthService(List.of(new PostgresCheck(database.dataSource())))));

    seed("recovery-a", TENANT, "Account recovery", "If you forget your password, request a reset link by e-mail.");
    seed("recovery-b", "tenant-b", "Account recovery (b)", "If you forget your password, request a reset link by e-mail.");
    seed("bread-a", TENANT, "Bread", "Knead the dough and let it rise overnight before baking.");
  }

  @AfterAll
  static void stop() {
    api.close();
    submitter.close();
    embedder.close();
    database.close();
  }

  private static void seed(String id, String tenant, String title, String text) {
    String vector = VectorCodec.encode(embedder.embed(List.of(text)).getFirst());
    EmbeddedDocument document = new EmbeddedDocument(id, tenant, 1, "0".repeat(64), title, "test", "text/plain",
        Map.of(), embedder.modelId(), embedder.dimensions(),
        List.of(new EmbeddedChunk(0, text, List.of(), 0, text.length(), vector)), Instant.now(), Instant.now());
    database.jdbi().useTransaction(handle -> new RagProjection().apply(handle,
        List.of(new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, 0L, id, document))));
  }

  private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + pathAndQuery));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void shouldFindTheTenantsOwnChunkForARelatedQueryAndNeverAnotherTenants() throws Exception {
    HttpResponse<String> response = get("/api/v1/search?top_k=5&q=" + q("I cannot sign in to my account"));

    JsonNode body = json(response);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body.path("model").asText()).isEqualTo(embedder.modelId());
    List<String> ids = body.path("hits").findValuesAsText("document_id");
    assertThat(ids).containsExactly("recovery-a", "bread-a");
    assertThat(body.path("hits").get(0).path("similarity").asDouble())
        .isGreaterThan(body.path("hits").get(1).path("similarity").asDouble());
  }

  @Test
  void shouldFilterHitsBelowMinScore() throws Exception {
    JsonNode body = json(get("/api/v1/search?min_score=0.99&q=" + q("I cannot sign in to my account")));

    assertThat(body.path("hits").size()).isZero();
  }

  @Test
  void shouldAnswerAMissingQueryWithAnEnvelopeNamingTheParameterAndEchoTheRequestId() throws Exception {
    HttpResponse<String> response = get("/api/v1/search", "X-Request-ID", "req-42");

    JsonNode body = json(response);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("X-Request-ID")).contains("req-42");
    assertThat(body.path("status").asInt()).isEqualTo(400);
    assertThat(body.path("code").asText()).isEqualTo("INVALID_PARAMETER");
    assertThat(body.path("details").get(0).path("field").asText()).isEqualTo("q");
    assertThat(body.path("request_id").asText()).isEqualTo("req-42");
  }

  @Test
  void shouldRejectAnOutOfRangeTopK() throws Exception {
    HttpResponse<String> response = get("/api/v1/search?q=x&top_k=0");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("details").get(0).path("field").asText()).isEqualTo("top_k");
  }

  @Test
  void shouldAcceptADocumentWith202AndLocationAndWriteItToTheTopicForTheCallersTenant() throws Exception {
    HttpResponse<String> response = post("/api/v1/documents", "application/json",
        "{\"id\":\"api-doc-1\",\"title\":\"Kettle\",\"text\":\"Descale the kettle monthly.\",\"metadata\":{\"team\":\"home\"}}");

    JsonNode body = json(response);
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Location")).contains("/api/v1/documents/api-doc-1");
    assertThat(body.path("id").asText()).isEqualTo("api-doc-1");
    ConsumerRecord<String, SubmittedDocument> record =
        readOne(body.path("partition").asInt(), body.path("offset").asLong());
    assertThat(record.key()).isEqualTo("api-doc-1");
    assertThat(record.value().tenant()).isEqualTo(TENANT);
    assertThat(record.value().metadata()).containsEntry("team", "home");
    assertThat(record.headers().lastHeader(DocumentsService.REQUEST_ID_HEADER)).isNotNull();
  }

  @Test
  void shouldGenerateAnIdWhenNoneIsGiven() throws Exception {
    HttpResponse<String> response = post("/api/v1/documents", "application/json", "{\"text\":\"Anything at all.\"}");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(json(response).path("id").asText()).hasSize(36);
  }

  @Test
  void shouldAnswer415ForANonJsonBody() throws Exception {
    HttpResponse<String> response = post("/api/v1/documents", "text/plain", "hello");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(json(response).path("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void shouldAnswer413ForABodyOverTheLimit() throws Exception {
    String text = "a".repeat(MAX_BODY + 10);
    HttpResponse<String> response = post("/api/v1/documents", "application/json", "{\"text\":\"" + text + "\"}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
  }

  @Test
  void shouldAnswer422NamingEveryBadField() throws Exception {
    HttpResponse<String> response = post("/api/v1/documents", "application/json",
        "{\"title\":\"no text\",\"tenant\":\"evil\",\"contentType\":\"text/html\"}");

    JsonNode body = json(response);
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(body.path("code").asText()).isEqualTo("VALIDATION_FAILED");
    assertThat(body.path("details").findValuesAsText("field")).contains("text", "tenant");
  }

  @Test
  void shouldNameAnUnknownFieldInsteadOfIgnoringIt() throws Exception {
    HttpResponse<String> response = post("/api/v1/documents", "application/json",
        "{\"text\":\"x\",\"contentType\":\"text/html\"}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("contentType");
  }

  @Test
  void shouldAnswer400ForMalformedJson() throws Exception {
    HttpResponse<String> response = post("/api/v1/documents", "application/json", "{\"text\": ");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("code").asText()).isEqualTo("MALFORMED_JSON");
  }

  @Test
  void shouldAnswerUnknownRoutesWithA404Envelope() throws Exception {
    HttpResponse<String> response = get("/api/v1/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void shouldReportReadinessPerDependency() throws Exception {
    HttpResponse<String> ready = get("/health/ready");
    HttpResponse<String> live = get("/health/live");

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).path("checks").path("postgres").path("status").asText()).isEqualTo("UP");
  }

  private static ConsumerRecord<String, SubmittedDocument> readOne(int partition, long offset) {
    try (KafkaConsumer<String, SubmittedDocument> consumer = new KafkaConsumer<>(
        Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap),
        new StringDeserializer(), Topics.DOCS_SUBMITTED.valueSerde().deserializer())) {
      TopicPartition tp = new TopicPartition(Topics.DOCS_SUBMITTED.name(), partition);
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, SubmittedDocument> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() == offset) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no record at " + partition + "/" + offset);
  }
}
