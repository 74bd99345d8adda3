package io.tributary.edge.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.EdgePolicy;
import io.tributary.edge.cache.ResponseCache;
import io.tributary.edge.documents.DocumentCatalog;
import io.tributary.edge.documents.DocumentsService;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.health.PostgresCheck;
import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.resilience.GuardedCalls;
import io.tributary.edge.resilience.SearchBulkhead;
import io.tributary.edge.search.SearchService;
import io.tributary.edge.search.Searcher;
import io.tributary.edge.security.BearerTokens;
import io.tributary.edge.security.IssuerKeys;
import io.tributary.edge.security.OidcSettings;
import io.tributary.edge.security.TokenVerifier;
import io.tributary.edge.tenancy.CallerTenant;
import io.tributary.embedded.EmbeddedRedis;
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
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.OnnxEmbedder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The edge API's real services (embedded Kafka and Postgres, the MiniLM embedder) with the
 * tenant taken from the authenticated caller, and servers started on them under any policy.
 */
public final class EdgeFixture implements AutoCloseable {

  private final OnnxEmbedder embedder;
  private final Database database;
  private final DocumentSubmitter submitter;
  private final EdgeApi.EdgeServices services;
  private final List<EdgeApi> servers = new ArrayList<>();
  private final EmbeddedRedis redis;
  private final RedisClient redisClient;
  private final StatefulRedisConnection<String, String> redisConnection;
  private final GuardedCalls postgres;
  private final GuardedCalls kafka;

  public EdgeFixture(String kafkaBootstrap, String jdbcUrl) {
    try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap))) {
      new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    }
    database = new Database(jdbcUrl);
    Migrations.apply(database.dataSource());
    embedder = new OnnxEmbedder(1);
    submitter = DocumentSubmitter.connect(KafkaClients.plaintext(kafkaBootstrap), "edge-security-test");
    CallerTenant tenants = new CallerTenant();
    // Its own Redis: the search cache is part of the real query path.
    redis = EmbeddedRedis.startTemporary();
    redisClient = RedisClient.create(redis.uri());
    redisConnection = redisClient.connect();
    postgres = new GuardedCalls("the read model", Duration.ofSeconds(5));
    FreshnessReader freshness = new FreshnessReader(database.jdbi(), GenerationSource.initial());
    Searcher searcher = new Searcher(embedder, new ChunkSearch(database.jdbi()), freshness, Duration.ZERO,
        new ResponseCache(redisConnection, "edge-fixture-" + UUID.randomUUID(), Duration.ofMinutes(5),
            Duration.ofMillis(500)),
        postgres, new SearchBulkhead(8, Duration.ofSeconds(1)));
    DocumentCatalog catalog = new DocumentCatalog(new DocumentReader(database.jdbi()),
        new SubmissionLog(database.jdbi()), new IdempotencyKeys(database.jdbi()), freshness, postgres,
        Duration.ofHours(1));
    kafka = new GuardedCalls("the event log", Duration.ofSeconds(10));
    JsonBodies bodies = new JsonBodies(64 * 1024);
    services = new EdgeApi.EdgeServices(
        new DocumentsService(submitter, tenants, bodies, Clock.systemUTC(), catalog, kafka),
        new SearchService(searcher, tenants, bodies),
        new HealthService(List.of(new PostgresCheck(database.dataSource()))));
  }

  /** OIDC settings for {@code issuer}: claims {@code tenant} and {@code roles}, 30 s skew, refetch at will, keys for 5 min. */
  public static OidcSettings oidc(String issuer) {
    return oidc(issuer, Duration.ZERO, Duration.ofMinutes(5));
  }

  /** OIDC settings for {@code issuer} with the given JWKS refetch interval and TTL. */
  public static OidcSettings oidc(String issuer, Duration minRefetchInterval, Duration jwksTtl) {
    return new OidcSettings(URI.create(issuer), TestIssuer.AUDIENCE, "tenant", "roles", Duration.ofSeconds(30),
        minRefetchInterval, jwksTtl);
  }

  /** A policy that validates bearer tokens of {@code issuer}, with the given CORS origins and limits. */
  public static EdgePolicy bearer(String issuer, CorsPolicy cors, int perAddress, int perSubject) {
    OidcSettings settings = oidc(issuer);
    return new EdgePolicy(new BearerTokens(new TokenVerifier(settings, new IssuerKeys(settings), Clock.systemUTC())),
        cors, perAddress, perSubject);
  }

  /** Starts a server on a free loopback port; closed with the fixture. */
  public EdgeApi start(EdgePolicy policy) {
    EdgeApi api = EdgeApi.start("127.0.0.1", 0, services, policy);
    servers.add(api);
    return api;
  }

  /** The services, for tests that build their own routing around them. */
  public EdgeApi.EdgeServices services() {
    return services;
  }

  /** The migrated read-model database, for tests that add services of their own. */
  public Database database() {
    return database;
  }

  /** The guarded Postgres calls of the services, for breaker metrics. */
  public GuardedCalls postgresCalls() {
    return postgres;
  }

  /** Puts one document with one chunk straight into the read model, as the projector would. */
  public void seed(String id, String tenant, String title, String text) {
    String vector = VectorCodec.encode(embedder.embed(List.of(text)).getFirst());
    EmbeddedDocument document = new EmbeddedDocument(id, tenant, 1, "0".repeat(64), title, "test", "text/plain",
        Map.of(), embedder.modelId(), embedder.dimensions(),
        List.of(new EmbeddedChunk(0, text, List.of(), 0, text.length(), vector)), Instant.now(), Instant.now());
    database.jdbi().useTransaction(handle -> new RagProjection().apply(handle,
        List.of(new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, 0L, id, document))));
  }

  @Override
  public void close() {
    servers.forEach(EdgeApi::close);
    submitter.close();
    embedder.close();
    postgres.close();
    kafka.close();
    redisConnection.close();
    redisClient.shutdown();
    redis.close();
    database.close();
  }
}
