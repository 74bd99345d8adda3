package io.tributary.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.tributary.edge.intents.ConversationsService;
import io.tributary.edge.intents.IntentSubmitter;
import io.tributary.edge.intents.IntentsApi;
import io.tributary.edge.intents.IntentsService;
import io.tributary.edge.projections.ProjectionsService;
import io.tributary.projections.agents.AgentRoutes;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.rag.SearchTuning;
import io.tributary.projections.replay.Replay;
import io.tributary.projections.replay.ReplayLauncher;
import io.tributary.projections.replay.ReplaySettings;
import io.tributary.projections.status.ProjectionStatusReader;
import io.tributary.edge.cache.ResponseCache;
import io.tributary.edge.documents.DocumentCatalog;
import io.tributary.edge.documents.DocumentsService;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.health.PostgresCheck;
import io.tributary.edge.http.JsonBodies;
import io.tributary.monitoring.lag.KafkaLagSource;
import io.tributary.monitoring.lag.LagCollector;
import io.tributary.monitoring.lag.LagSettings;
import io.tributary.monitoring.lag.OldestRecordProbe;
import io.tributary.monitoring.lag.ProjectionPositions;
import io.tributary.edge.resilience.GuardedCalls;
import io.tributary.edge.resilience.SearchBulkhead;
import io.tributary.edge.search.SearchService;
import io.tributary.edge.search.Searcher;
import io.tributary.edge.telemetry.EdgeTelemetry;
import io.tributary.edge.tenancy.TenantResolver;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.documents.DocumentFailuresProjection;
import io.tributary.projections.documents.DocumentReader;
import io.tributary.projections.documents.IdempotencyKeys;
import io.tributary.projections.documents.SubmissionLog;
import io.tributary.projections.freshness.FreshnessReader;
import io.tributary.projections.freshness.GenerationSource;
import io.tributary.projections.rag.ChunkSearch;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.schemas.documents.ContentHash;
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
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class EdgeApiTest {

  private static final String TENANT = "tenant-a";
  private static final int MAX_BODY = 64 * 1024;
  private static final io.helidon.http.HeaderName TEST_TENANT = io.helidon.http.HeaderNames.create("X-Test-Tenant");

  private static OnnxEmbedder embedder;
  private static Database database;
  private static DocumentSubmitter submitter;
  private static EdgeApi api;
  private static EdgeApi.EdgeServices services;
  private static RedisClient redisClient;
  private static StatefulRedisConnection<String, String> redis;
  private static ResponseCache cache;
  private static String kafkaBootstrap;
  private static LagCollector lag;
  private static Admin lagAdmin;
  private static IntentSubmitter intentSubmitter;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db, EmbeddedRedis embeddedRedis) {
    kafkaBootstrap = kafka.bootstrapServers();
    try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap))) {
      new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    }
    database = new Database(db.jdbcUrl());
    Migrations.apply(database.dataSource());
    embedder = new OnnxEmbedder(2);
    submitter = DocumentSubmitter.connect(KafkaClients.plaintext(kafkaBootstrap), "edge-test");
    // Test-only resolver: lets one server act for two tenants, as the token-based resolver will.
    TenantResolver tenants = request -> request.headers().first(TEST_TENANT).orElse(TENANT);
    redisClient = RedisClient.create(embeddedRedis.uri());
    redis = redisClient.connect();
    cache = new ResponseCache(redis, "edge-test-" + UUID.randomUUID(), Duration.ofMinutes(5), Duration.ofMillis(500));
    GuardedCalls postgres = new GuardedCalls("the read model", Duration.ofSeconds(5));
    Searcher searcher = new Searcher(embedder, new ChunkSearch(database.jdbi()),
        // Zero: every search reads freshness, so a write is visible to the very next request.
        new FreshnessReader(database.jdbi(), GenerationSource.initial()), Duration.ZERO, cache,
        postgres, new SearchBulkhead(8, Duration.ofSeconds(1)));
    DocumentCatalog catalog = new DocumentCatalog(new DocumentReader(database.jdbi()),
        new SubmissionLog(database.jdbi()), new IdempotencyKeys(database.jdbi()),
        new FreshnessReader(database.jdbi(), GenerationSource.initial()), postgres, Duration.ofHours(1));
    services = new EdgeApi.EdgeServices(
        new DocumentsService(submitter, tenants, new JsonBodies(MAX_BODY), Clock.systemUTC(), catalog,
            new GuardedCalls("the event log", Duration.ofSeconds(10))),
        new SearchService(searcher, tenants, new JsonBodies(MAX_BODY)),
        new HealthService(List.of(new PostgresCheck(database.dataSource()))))
        .withLag(lag = new LagCollector(new KafkaLagSource(lagAdmin = Admin.create(Map.<String, Object>of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap)), Set.of(),
            new ProjectionPositions(database.jdbi()),
            new OldestRecordProbe(KafkaClients.plaintext(kafkaBootstrap), "edge-test-lag", Duration.ofSeconds(5)), Duration.ofSeconds(10)),
            new LagSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10), 100, 10,
                Duration.ofSeconds(10)), new SimpleMeterRegistry(), Clock.systemUTC()))
        // Every optional service, as the api role wires them: the OpenAPI document lists them all.
        .withProjections(new ProjectionsService(
            new ProjectionStatusReader(database.jdbi(), lagAdmin, List.of(new RagProjection()),
                List.of(new RagGenerations())),
            ReplayLauncher.of(List.of("rag"), name -> new Replay<>(new RagGenerations(), database.jdbi(),
                ReplaySettings.of(KafkaClients.plaintext(kafkaBootstrap)))), new JsonBodies(MAX_BODY)))
        .withIntents(new IntentsApi(new IntentsService(intentSubmitter = IntentSubmitter.connect(KafkaClients.plaintext(kafkaBootstrap),
                "edge-test-intents"), new AgentRoutes(database.jdbi()), tenants, new JsonBodies(MAX_BODY),
                Clock.systemUTC(), Duration.ofSeconds(10)),
            new ConversationsService(new AgentRoutes(database.jdbi()), tenants)))
        // With a scrape, as the api role has one: /metrics is still not served on the API port.
        .withTelemetry(new EdgeTelemetry(new SimpleMeterRegistry(), () -> "", OpenTelemetry.noop()));
    api = EdgeApi.start("127.0.0.1", 0, services);

    seed("recovery-a", TENANT, "Account recovery", "If you forget your password, request a reset link by e-mail.");
    seed("recovery-b", "tenant-b", "Account recovery (b)", "If you forget your password, request a reset link by e-mail.");
    seed("bread-a", TENANT, "Bread", "Knead the dough and let it rise overnight before baking.");
    seed("kettle-a", TENANT, "Kettle", "Descale the kettle monthly with white vinegar.", "manual",
        Map.of("team", "home"), 1);
  }

  @AfterAll
  static void stop() {
    api.close();
    lag.close();
    lagAdmin.close();
    redis.close();
    redisClient.shutdown();
    submitter.close();
    intentSubmitter.close();
    embedder.close();
    database.close();
  }

  private static void seed(String id, String tenant, String title, String text) {
    seed(id, tenant, title, text, "test", Map.of(), 1);
  }

  /** Projects a one-chunk document and advances the stored offsets, as the projector does in one transaction. */
  private static void seed(String id, String tenant, String title, String text, String source,
      Map<String, String> metadata, long version) {
    String vector = VectorCodec.encode(embedder.embed(List.of(text)).getFirst());
    EmbeddedDocument document = new EmbeddedDocument(id, tenant, version, ContentHash.of("text/plain", text), title,
        source, "text/plain",
        metadata, embedder.modelId(), embedder.dimensions(),
        List.of(new EmbeddedChunk(0, text, List.of("Guide"), 0, text.length(), vector)), Instant.now(), Instant.now());
    database.jdbi().useTransaction(handle -> {
      new RagProjection().apply(handle, List.of(new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, 0L, id, document)));
      handle.execute("INSERT INTO ops.projection_offsets (projection, topic, partition, next_offset) "
          + "VALUES ('rag', ?, 0, 1) ON CONFLICT (projection, topic, partition) "
          + "DO UPDATE SET next_offset = ops.projection_offsets.next_offset + 1, updated_at = now()",
          Topics.DOCS_EMBEDDED.name());
    });
  }

  private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + pathAndQuery));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String contentType, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .header("Content-Type", contentType);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> delete(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.DELETE().build(), HttpResponse.BodyHandlers.ofString());
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
    assertThat(ids).contains("recovery-a", "bread-a").doesNotContain("recovery-b");
    assertThat(ids.getFirst()).isEqualTo("recovery-a");
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
    assertThat(record.key()).isEqualTo(TENANT + "/api-doc-1");
    assertThat(record.value().tenant()).isEqualTo(TENANT);
    assertThat(record.value().metadata()).containsEntry("team", "home");
    assertThat(record.headers().lastHeader(DocumentsService.REQUEST_ID_HEADER)).isNotNull();
  }

  @Test
  void shouldRecordThePipelinesContentHashForADocumentThatNamesAChunkingStrategy() throws Exception {
    HttpResponse<String> response = post("/api/v1/documents", "application/json",
        "{\"id\":\"chunked-doc\",\"text\":\"Descale the kettle monthly.\",\"chunking\":\"window\"}");

    ConsumerRecord<String, SubmittedDocument> record =
        readOne(json(response).path("partition").asInt(), json(response).path("offset").asLong());
    String recorded = database.jdbi().withHandle(h -> h.createQuery(
            "SELECT content_hash FROM ops.document_submissions WHERE tenant = :tenant AND document_id = 'chunked-doc'")
        .bind("tenant", TENANT).mapTo(String.class).one());
    // The pipeline versions the record with exactly this hash; the status turns "indexed" only on a match.
    assertThat(recorded).isEqualTo(ContentHash.of(record.value()));
    assertThat(recorded).isNotEqualTo(ContentHash.of("text/plain", "Descale the kettle monthly."));
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

  @Test
  void shouldMatchWordsInKeywordModeWithTheKeywordScoreOnly() throws Exception {
    JsonNode body = json(get("/api/v1/search?mode=keyword&q=" + q("knead baking")));

    assertThat(body.path("mode").asText()).isEqualTo("keyword");
    assertThat(body.path("hits").findValuesAsText("document_id")).containsExactly("bread-a");
    JsonNode hit = body.path("hits").get(0);
    assertThat(hit.path("scores").path("keyword").asDouble()).isPositive();
    assertThat(hit.path("scores").path("vector").isNull()).isTrue();
    assertThat(hit.path("heading_path").get(0).asText()).isEqualTo("Guide");
    assertThat(hit.path("char_end").asInt()).isEqualTo(hit.path("text").asText().length());
  }

  @Test
  void shouldFuseVectorAndKeywordRanksForAHybridPostWithFilters() throws Exception {
    HttpResponse<String> response = post("/api/v1/search", "application/json",
        "{\"q\":\"kettle vinegar\",\"mode\":\"hybrid\",\"top_k\":5,"
            + "\"filters\":{\"source\":\"manual\",\"metadata\":{\"team\":\"home\"}}}");

    JsonNode body = json(response);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body.path("hits").findValuesAsText("document_id")).containsExactly("kettle-a");
    JsonNode scores = body.path("hits").get(0).path("scores");
    assertThat(scores.path("vector").asDouble()).isPositive();
    assertThat(scores.path("keyword").asDouble()).isPositive();
    // Score fusion (ADR 0020): the cosine plus the keyword weight times the keyword score scaled to
    // the best keyword candidate, which this one is.
    assertThat(scores.path("hybrid").asDouble()).isCloseTo(
        scores.path("vector").asDouble() + SearchTuning.DEFAULTS.keywordWeight(), org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void shouldApplyMetadataAndIngestionTimeFiltersFromTheQueryString() throws Exception {
    JsonNode other = json(get("/api/v1/search?metadata.team=garden&q=" + q("kettle")));
    JsonNode future = json(get("/api/v1/search?ingested_after=2999-01-01T00:00:00Z&q=" + q("kettle")));
    JsonNode home = json(get("/api/v1/search?metadata.team=home&q=" + q("kettle")));

    assertThat(other.path("hits").size()).isZero();
    assertThat(future.path("hits").size()).isZero();
    assertThat(home.path("hits").findValuesAsText("document_id")).containsExactly("kettle-a");
  }

  @Test
  void shouldCarryGenerationAndAsOfOnEveryResponse() throws Exception {
    JsonNode body = json(get("/api/v1/search?mode=keyword&q=" + q("bread")));

    assertThat(body.path("generation").asLong()).isEqualTo(1);
    assertThat(Instant.parse(body.path("as_of").asText())).isBefore(Instant.now().plusSeconds(1));
  }

  @Test
  void shouldNameTheFilterAndRuleOfABadSearchFilter() throws Exception {
    HttpResponse<String> badMetadata = post("/api/v1/search", "application/json",
        "{\"q\":\"x\",\"filters\":{\"metadata\":{\"team\":7}}}");
    HttpResponse<String> badTime = get("/api/v1/search?q=x&ingested_after=yesterday");
    HttpResponse<String> badKeywordScore = get("/api/v1/search?q=x&mode=keyword&min_score=-0.5");

    assertThat(badMetadata.statusCode()).isEqualTo(422);
    assertThat(json(badMetadata).path("details").get(0).path("field").asText()).isEqualTo("filters.metadata.team");
    assertThat(badTime.statusCode()).isEqualTo(400);
    assertThat(json(badTime).path("details").get(0).path("field").asText()).isEqualTo("ingested_after");
    assertThat(json(badKeywordScore).path("details").get(0).path("rule").asText()).contains(">= 0");
  }

  @Test
  void shouldNameTheModeWhenItIsUnknown() throws Exception {
    HttpResponse<String> response = get("/api/v1/search?mode=fuzzy&q=x");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("details").get(0).path("field").asText()).isEqualTo("mode");
  }

  @Test
  void shouldServeARepeatedSearchFromTheCacheUntilTheProjectionWrites() throws Exception {
    String query = "/api/v1/search?mode=hybrid&q=" + q("rise overnight cache test");
    HttpResponse<String> first = get(query);
    HttpResponse<String> second = get(query);
    long hitsBefore = cache.stats().hits();

    seed("late-a", TENANT, "Late", "Let the dough rise overnight in a cool place.", "test", Map.of(), 1);
    HttpResponse<String> afterWrite = get(query);

    assertThat(first.headers().firstValue("X-Cache")).contains("miss");
    assertThat(second.headers().firstValue("X-Cache")).contains("hit");
    assertThat(json(second).path("hits")).isEqualTo(json(first).path("hits"));
    assertThat(hitsBefore).isPositive();
    assertThat(afterWrite.headers().firstValue("X-Cache")).contains("miss");
    assertThat(json(afterWrite).path("hits").findValuesAsText("document_id")).contains("late-a");
  }

  @Test
  void shouldNeverServeOneTenantsCachedAnswerToAnother() throws Exception {
    String query = "/api/v1/search?q=" + q("forgot my password, tenant cache test");
    JsonNode ownA = json(get(query));
    HttpResponse<String> asB = get(query, "X-Test-Tenant", "tenant-b");

    assertThat(ownA.path("hits").findValuesAsText("document_id")).contains("recovery-a").doesNotContain("recovery-b");
    assertThat(asB.headers().firstValue("X-Cache")).contains("miss");
    // Tenant b's own documents only (another test gives it a second one), never tenant a's.
    assertThat(json(asB).path("hits").findValuesAsText("document_id")).contains("recovery-b")
        .doesNotContain("recovery-a", "bread-a", "kettle-a");
  }

  @Test
  void shouldAnswerTheSameIdForARepeatedIdempotencyKeyAnd409ForAnotherBody() throws Exception {
    String body = "{\"title\":\"Idem\",\"text\":\"Water the ferns weekly.\"}";
    HttpResponse<String> first = post("/api/v1/documents", "application/json", body, "Idempotency-Key", "key-1");
    HttpResponse<String> again = post("/api/v1/documents", "application/json", body, "Idempotency-Key", "key-1");
    HttpResponse<String> other = post("/api/v1/documents", "application/json",
        "{\"text\":\"Something else.\"}", "Idempotency-Key", "key-1");
    HttpResponse<String> otherTenant = post("/api/v1/documents", "application/json", body,
        "Idempotency-Key", "key-1", "X-Test-Tenant", "tenant-b");

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(json(again).path("id").asText()).isEqualTo(json(first).path("id").asText());
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(json(other).path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(json(otherTenant).path("id").asText()).isNotEqualTo(json(first).path("id").asText());
  }

  @Test
  void shouldReportAnAcceptedDocumentPendingUntilItsContentIsProjectedThenIndexed() throws Exception {
    String text = "Oil the hinges of the garden gate every spring.";
    post("/api/v1/documents", "application/json", "{\"id\":\"gate-a\",\"text\":\"" + text + "\"}");

    JsonNode pending = json(get("/api/v1/documents/gate-a"));
    seed("gate-a", TENANT, "Gate", text, "test", Map.of(), 1);
    JsonNode indexed = json(get("/api/v1/documents/gate-a"));

    assertThat(pending.path("status").asText()).isEqualTo("pending");
    assertThat(pending.path("accepted_at").isTextual()).isTrue();
    assertThat(indexed.path("status").asText()).isEqualTo("indexed");
    assertThat(indexed.path("document").path("chunk_count").asInt()).isEqualTo(1);
    // The hash of the indexed content: a client that submitted it elsewhere can tell it is live.
    assertThat(indexed.path("document").path("content_hash").asText()).isEqualTo(ContentHash.of("text/plain", text));
    assertThat(indexed.path("generation").asLong()).isEqualTo(1);
  }

  @Test
  void shouldReportTheDeadLetterReasonWhenThePipelineRefusedTheSubmission() throws Exception {
    post("/api/v1/documents", "application/json", "{\"id\":\"broken-a\",\"text\":\"Fine text.\"}");
    ConsumerRecord<byte[], byte[]> dead = new ConsumerRecord<>(Topics.DOCS_SUBMITTED_DLQ.name(), 0, 0L,
        "broken-a".getBytes(StandardCharsets.UTF_8),
        ("{\"id\":\"broken-a\",\"tenant\":\"" + TENANT + "\"}").getBytes(StandardCharsets.UTF_8));
    dead.headers().add(DeadLetterHeaders.ERROR_CODE, "DOCUMENT_TOO_LARGE".getBytes(StandardCharsets.UTF_8));
    dead.headers().add(DeadLetterHeaders.EXCEPTION_MESSAGE, "too large".getBytes(StandardCharsets.UTF_8));
    dead.headers().add(DeadLetterHeaders.FAILED_AT,
        Instant.now().plusSeconds(1).toString().getBytes(StandardCharsets.UTF_8));
    database.jdbi().useTransaction(h -> new DocumentFailuresProjection().apply(h, List.of(dead)));

    JsonNode body = json(get("/api/v1/documents/broken-a"));

    assertThat(body.path("status").asText()).isEqualTo("failed");
    assertThat(body.path("failure").path("code").asText()).isEqualTo("DOCUMENT_TOO_LARGE");
    assertThat(body.path("failure").path("message").asText()).isEqualTo("too large");
  }

  @Test
  void shouldPageThroughTheTenantsDocumentsWithACursor() throws Exception {
    JsonNode first = json(get("/api/v1/documents?limit=2"));
    JsonNode second = json(get("/api/v1/documents?limit=2&cursor=" + first.path("next_cursor").asText()));
    JsonNode filtered = json(get("/api/v1/documents?source=manual&metadata.team=home"));

    List<String> ids = new java.util.ArrayList<>(first.path("documents").findValuesAsText("document_id"));
    ids.addAll(second.path("documents").findValuesAsText("document_id"));
    assertThat(first.path("documents").size()).isEqualTo(2);
    assertThat(ids).doesNotHaveDuplicates().contains("bread-a", "kettle-a").doesNotContain("recovery-b");
    assertThat(ids).isSorted();
    assertThat(filtered.path("documents").findValuesAsText("document_id")).containsExactly("kettle-a");
    assertThat(get("/api/v1/documents?cursor=%25%25").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldListChunksWithProvenanceAndHideOtherTenantsDocuments() throws Exception {
    HttpResponse<String> own = get("/api/v1/documents/kettle-a/chunks");
    HttpResponse<String> foreign = get("/api/v1/documents/recovery-b/chunks");
    HttpResponse<String> foreignStatus = get("/api/v1/documents/recovery-b");

    assertThat(own.statusCode()).isEqualTo(200);
    JsonNode chunk = json(own).path("chunks").get(0);
    assertThat(chunk.path("text").asText()).startsWith("Descale the kettle");
    assertThat(chunk.path("heading_path").get(0).asText()).isEqualTo("Guide");
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(json(foreign).path("code").asText()).isEqualTo("DOCUMENT_NOT_FOUND");
    assertThat(foreignStatus.statusCode()).isEqualTo(404);
  }

  @Test
  void shouldDeleteWithATombstoneAndRefuseAnotherTenantsDocument() throws Exception {
    seed("doomed-a", TENANT, "Doomed", "This document will be deleted.", "test", Map.of(), 1);

    HttpResponse<String> deleted = delete("/api/v1/documents/doomed-a");
    HttpResponse<String> foreign = delete("/api/v1/documents/recovery-b");

    assertThat(deleted.statusCode()).isEqualTo(202);
    ConsumerRecord<String, SubmittedDocument> tombstone =
        readOne(json(deleted).path("partition").asInt(), json(deleted).path("offset").asLong());
    assertThat(tombstone.key()).isEqualTo(TENANT + "/doomed-a");
    assertThat(tombstone.value()).isNull();
    assertThat(foreign.statusCode()).isEqualTo(404);
  }

  @Test
  void shouldAcceptAnIdAnotherTenantUsesAsTheCallersOwnDocumentWithoutSayingSo() throws Exception {
    seed("shared-b", "tenant-b", "Tenant b's", "A document of tenant b.", "test", Map.of(), 1);

    HttpResponse<String> response = post("/api/v1/documents", "application/json",
        "{\"id\":\"shared-b\",\"text\":\"Not a hijack: the caller's own document.\"}");

    assertThat(response.statusCode()).isEqualTo(202);
    ConsumerRecord<String, SubmittedDocument> record =
        readOne(json(response).path("partition").asInt(), json(response).path("offset").asLong());
    assertThat(record.key()).isEqualTo(TENANT + "/shared-b");
    assertThat(record.value().tenant()).isEqualTo(TENANT);
  }

  @Test
  void shouldDescribeExactlyTheRegisteredRoutesInTheOpenApiDocument() throws Exception {
    HttpResponse<String> response = get("/openapi");

    JsonNode document = json(response);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(documentedRoutes(document)).isEqualTo(RouteTable.of(services));
  }

  @Test
  void shouldServeEveryDocumentedOperation() throws Exception {
    for (String route : documentedRoutes(json(get("/openapi")))) {
      if (route.endsWith("/stream")) {
        continue; // an endless event stream; LagApiTest reads it
      }
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "no-such-document");
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
          .header("Content-Type", "application/json");
      // An empty object: the route must answer with its own validation, not a 404 or 405.
      request.method(method, method.equals("POST")
          ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(route).isNotEqualTo(405);
      // A route that exists may answer 404 for a missing resource, never the router's "no route".
      assertThat(response.body()).as(route).doesNotContain("no route for");
    }
  }

  private static java.util.Set<String> documentedRoutes(JsonNode document) {
    java.util.Set<String> routes = new java.util.TreeSet<>();
    document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
        method -> routes.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
    return routes;
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
