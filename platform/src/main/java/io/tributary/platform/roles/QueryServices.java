package io.tributary.platform.roles;

import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.edge.cache.ResponseCache;
import io.tributary.edge.documents.DocumentCatalog;
import io.tributary.edge.documents.DocumentsService;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.http.TopicBodyLimit;
import io.tributary.schemas.topics.Topics;
import io.tributary.edge.resilience.GuardedCalls;
import io.tributary.edge.resilience.SearchBulkhead;
import io.tributary.edge.search.SearchService;
import io.tributary.edge.search.Searcher;
import io.tributary.edge.tenancy.TenantResolver;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.platform.config.Settings;
import io.tributary.projections.db.Database;
import io.tributary.projections.documents.DocumentReader;
import io.tributary.projections.documents.IdempotencyKeys;
import io.tributary.projections.documents.SubmissionLog;
import io.tributary.projections.freshness.FreshnessReader;
import io.tributary.projections.freshness.GenerationSource;
import io.tributary.projections.rag.ChunkSearch;
import io.tributary.embedding.Embedder;
import java.time.Clock;

/**
 * The search and documents services of the api role with their policies: one time limit and
 * breaker per dependency (Postgres, Kafka), the search bulkhead and the Redis response cache.
 */
record QueryServices(SearchService search, DocumentsService documents, ResponseCache cache, GuardedCalls postgres,
    GuardedCalls kafka) {

  static QueryServices build(Settings settings, Database database, StatefulRedisConnection<String, String> redis,
      DocumentSubmitter submitter, Embedder embedder, TenantResolver tenants, GenerationSource generations,
      Closer closer) {
    // The database is Database.bounded by the same timeout: calls stay on the request thread.
    GuardedCalls postgres = new GuardedCalls("the read model", settings.dbTimeout(),
        GuardedCalls.Isolation.CALLER_THREAD);
    GuardedCalls kafka = new GuardedCalls("the event log", settings.kafkaTimeout());
    ResponseCache cache = new ResponseCache(redis, settings.cacheNamespace(), settings.cacheTtl(),
        settings.redisTimeout());
    FreshnessReader freshness = new FreshnessReader(database.jdbi(), generations);
    JsonBodies bodies = new JsonBodies(settings.maxBodyBytes());
    // A document body must leave room in its record for what the API adds.
    JsonBodies documentBodies = new JsonBodies(TopicBodyLimit.of(Topics.DOCS_SUBMITTED, settings.maxBodyBytes()));
    Searcher searcher = new Searcher(embedder, new LiveQueryEmbedders(settings, embedder, database.jdbi(), closer),
        new ChunkSearch(database.jdbi()), freshness, settings.freshnessMaxAge(), cache, postgres,
        new SearchBulkhead(settings.searchMaxConcurrent()));
    DocumentCatalog catalog = new DocumentCatalog(new DocumentReader(database.jdbi()),
        new SubmissionLog(database.jdbi()), new IdempotencyKeys(database.jdbi()), freshness, postgres,
        settings.idempotencyTtl());
    return new QueryServices(new SearchService(searcher, tenants, bodies),
        new DocumentsService(submitter, tenants, documentBodies, Clock.systemUTC(), catalog, kafka), cache, postgres,
        kafka);
  }
}
