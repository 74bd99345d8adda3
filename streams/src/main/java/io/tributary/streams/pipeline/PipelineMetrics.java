package io.tributary.streams.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.CacheStatistics;
import java.time.Duration;
import java.util.Arrays;

/**
 * The document pipeline's meters (docs/observability.md, "Metrics"): documents by outcome, chunks, embedding
 * latency and the embedding cache. Counted when a record is processed, so a record that Kafka
 * Streams re-processes after a crash is counted again: these are rates, not the read model's totals.
 */
final class PipelineMetrics {

  private final Counter embedded;
  private final Counter deleted;
  private final Counter deadLettered;
  private final Counter deadLetters;
  private final Counter chunks;
  private final Timer embedding;

  PipelineMetrics(MeterRegistry registry, String provider, CacheStatistics cache) {
    embedded = documents(registry, "embedded");
    deleted = documents(registry, "deleted");
    deadLettered = documents(registry, "dead_lettered");
    deadLetters = Counter.builder("tributary.dead.letters")
        .description("Records sent to a dead-letter topic")
        .tag("stage", "pipeline").tag("topic", Topics.DOCS_SUBMITTED_DLQ.name())
        .register(registry);
    chunks = Counter.builder("tributary.pipeline.chunks").description("Chunks embedded and published")
        .register(registry);
    embedding = Timer.builder("tributary.embedding")
        .description("Time the embedding model takes for one batch (cache hits excluded)")
        .tag("provider", provider)
        // A dozen fixed buckets, not Micrometer's ~70 percentile buckets: series are what Prometheus pays for.
        .serviceLevelObjectives(millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000))
        .register(registry);
    FunctionCounter.builder("tributary.embedding.cache.requests", cache, CacheStatistics::hits)
        .description("Embedding cache lookups, one per chunk").tag("result", "hit").register(registry);
    FunctionCounter.builder("tributary.embedding.cache.requests", cache, CacheStatistics::misses)
        .description("Embedding cache lookups, one per chunk").tag("result", "miss").register(registry);
    FunctionCounter.builder("tributary.embedding.cache.evictions", cache, CacheStatistics::evictions)
        .description("Embedding cache entries dropped for age (TRIBUTARY_EMBEDDING_CACHE_MAX_AGE)").register(registry);
    io.micrometer.core.instrument.Gauge.builder("tributary.embedding.cache.entries", cache, CacheStatistics::entries)
        .description("Embedding cache entries kept by the latest sweep of each task").register(registry);
  }

  private static Counter documents(MeterRegistry registry, String outcome) {
    return Counter.builder("tributary.pipeline.documents")
        .description("Submitted document records processed, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  void embedded(int chunkCount) {
    embedded.increment();
    chunks.increment(chunkCount);
  }

  void deleted() {
    deleted.increment();
  }

  void deadLettered() {
    deadLettered.increment();
    deadLetters.increment();
  }

  Timer embedding() {
    return embedding;
  }

  private static Duration[] millis(long... bounds) {
    return Arrays.stream(bounds).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
  }
}
