package io.tributary.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.edge.cache.ResponseCache;
import io.tributary.edge.documents.DocumentCatalog;
import io.tributary.edge.documents.DocumentsService;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.health.PostgresCheck;
import io.tributary.edge.health.RedisCheck;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.resilience.GuardedCalls;
import io.tributary.edge.resilience.SearchBulkhead;
import io.tributary.edge.search.SearchService;
import io.tributary.edge.search.Searcher;
import io.tributary.edge.tenancy.SingleTenant;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.PostgresOptions;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.documents.DocumentReader;
import io.tributary.projections.documents.IdempotencyKeys;
import io.tributary.projections.documents.SubmissionLog;
import io.tributary.projections.freshness.FreshnessReader;
import io.tributary.projections.freshness.GenerationSource;
import io.tributary.projections.rag.ChunkSearch;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.OnnxEmbedder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Redis and Postgres stopped under a running API: our own instances, never the shared ones. */
@Tag("fault")
@ExtendWith(EmbeddedKafkaExtension.class)
class FaultToleranceTest {

  private static final Duration DB_TIMEOUT = Duration.ofMillis(800);
  private static final String QUERY = "/api/v1/search?mode=keyword&q=kettle";

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private EmbeddedPostgres postgres;
  private EmbeddedRedis redis;
  private ResponseCache cache;
  private SearchBulkhead bulkhead;
  private GuardedCalls guarded;
  private EdgeApi api;

  @BeforeEach
  void start(EmbeddedKafka kafka) {
    postgres = keep(EmbeddedPostgres.startTemporary(PostgresOptions.defaults().forTests()));
    redis = keep(EmbeddedRedis.startTemporary());
    Database setup = keep(new Database(postgres.jdbcUrl()));
    Migrations.apply(setup.dataSource());
    OnnxEmbedder embedder = keep(new OnnxEmbedder(1));
    seed(setup, embedder);
    // As the api role wires it: the pool and the statements keep the time limit, calls stay on the request thread.
    Database database = keep(Database.bounded(postgres.jdbcUrl(), 4, DB_TIMEOUT));
    RedisClient client = RedisClient.create(redis.uri());
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
    resources.add(client::shutdown);
    StatefulRedisConnection<String, String> connection = keep(client.connect());
    cache = new ResponseCache(connection, "fault-test", Duration.ofMinutes(1), Duration.ofMillis(100));
    guarded = keep(new GuardedCalls("the read model", DB_TIMEOUT, GuardedCalls.Isolation.CALLER_THREAD));
    bulkhead = new SearchBulkhead(4, Duration.ofMillis(100));
    FreshnessReader freshness = new FreshnessReader(database.jdbi(), GenerationSource.initial());
    SingleTenant tenants = new SingleTenant("acme");
    DocumentSubmitter submitter = keep(DocumentSubmitter.connect(KafkaClients.plaintext(kafka.bootstrapServers()), "fault-test"));
    api = keep(EdgeApi.start("127.0.0.1", 0, new EdgeApi.EdgeServices(
        new DocumentsService(submitter, tenants, new JsonBodies(1024), Clock.systemUTC(),
            new DocumentCatalog(new DocumentReader(database.jdbi()), new SubmissionLog(database.jdbi()),
                new IdempotencyKeys(database.jdbi()), freshness, guarded, Duration.ofHours(1)),
            keep(new GuardedCalls("the event log", Duration.ofSeconds(2)))),
        new SearchService(new Searcher(embedder, new ChunkSearch(database.jdbi()), freshness, Duration.ZERO, cache, guarded,
            bulkhead), tenants, new JsonBodies(1024)),
        new HealthService(List.of(new PostgresCheck(database.dataSource()), new RedisCheck(connection))))));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private static void seed(Database database, OnnxEmbedder embedder) {
    String text = "Descale the kettle monthly with white vinegar.";
    EmbeddedDocument document = new EmbeddedDocument("kettle", "acme", 1, "h", "Kettle", "test", "text/plain",
        Map.of(), embedder.modelId(), embedder.dimensions(), List.of(new EmbeddedChunk(0, text, List.of(), 0,
            text.length(), VectorCodec.encode(embedder.embed(List.of(text)).getFirst()))), Instant.now(), Instant.now());
    database.jdbi().useTransaction(h -> new RagProjection().apply(h,
        List.of(new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, 0L, "kettle", document))));
  }

  private HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldServeFromPostgresAndStayReadyWhileRedisIsDown() throws Exception {
    assertThat(get(QUERY).headers().firstValue("X-Cache")).contains("miss");
    assertThat(get(QUERY).headers().firstValue("X-Cache")).contains("hit");

    redis.close();
    List<HttpResponse<String>> during = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      during.add(get(QUERY));
    }

    assertThat(during).allSatisfy(response -> {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Cache")).contains("miss");
      assertThat(Json.mapper().readTree(response.body()).path("hits").findValuesAsText("document_id"))
          .containsExactly("kettle");
    });
    // The breaker opened after a few failed calls: later searches never wait on Redis at all.
    assertThat(cache.stats().breaker()).isEqualTo("OPEN");
    assertThat(cache.stats().errors()).as("Redis calls that failed").isLessThan(during.size());
    // Searches still answer (uncached): the API stays ready and says what it runs without.
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode body = Json.mapper().readTree(ready.body());
    assertThat(body.path("status").asText()).isEqualTo("UP");
    assertThat(body.path("checks").path("redis").path("status").asText()).isEqualTo("DOWN");
    assertThat(body.path("checks").path("redis").path("required").asBoolean(true)).isFalse();
    assertThat(body.path("degraded").get(0).asText()).startsWith("redis: ").contains("serving uncached");
  }

  @Test
  void shouldAnswer503WithinTheTimeLimitWhilePostgresIsDownAndNotPileUpRequests() throws Exception {
    assertThat(get(QUERY).statusCode()).isEqualTo(200);

    postgres.close();
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      burst.add(CompletableFuture.supplyAsync(() -> get(QUERY + "&top_k=" + (burst.size() + 1))));
    }
    // Every request answers (get gives up after 10 s): refused or timed out, never queued.
    List<HttpResponse<String>> answers = burst.stream().map(CompletableFuture::join).toList();
    String breakerAfterBurst = guarded.state();
    HttpResponse<String> whileOpen = get(QUERY + "&top_k=50");

    assertThat(answers).allSatisfy(response -> {
      assertThat(response.statusCode()).isEqualTo(503);
      JsonNode body = Json.mapper().readTree(response.body());
      assertThat(body.path("code").asText()).isIn("DEPENDENCY_UNAVAILABLE", "OVERLOADED");
      assertThat(body.path("request_id").asText()).isNotBlank();
    });
    // The failures opened the breaker: the next request is refused without trying Postgres.
    assertThat(breakerAfterBurst).isEqualTo("OPEN");
    assertThat(whileOpen.statusCode()).isEqualTo(503);
    assertThat(bulkhead.inFlight()).isZero();
    JsonNode ready = Json.mapper().readTree(get("/health/ready").body());
    assertThat(ready.path("checks").path("postgres").path("status").asText()).isEqualTo("DOWN");
    assertThat(ready.path("checks").path("redis").path("status").asText()).isEqualTo("UP");
  }
}
