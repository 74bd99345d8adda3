package io.tributary.streams.pipeline;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.streams.embedding.CacheStatistics;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.EmbeddingCachePolicy;
import io.tributary.streams.embedding.RetryPolicy;
import java.time.Clock;

/**
 * What the document topology is built from.
 *
 * @param embedder the model; the topology adds caching and retries around it
 * @param chunking the chunkers and limits
 * @param retry how long an embedder outage is retried in place before the stream thread gives up
 * @param cacheStatistics where the embedding cache counts its hits and misses
 * @param meters where the pipeline's meters are registered (the process's one registry)
 * @param openTelemetry the tracer provider; spans continue the trace in each record's headers
 * @param output where embedded documents go: {@code docs.embedded.v1}, or a roll's profile topic
 * @param cachePolicy how long the embedding cache keeps vectors nobody uses
 */
public record PipelineComponents(
    Embedder embedder, ChunkingPolicy chunking, RetryPolicy retry, CacheStatistics cacheStatistics, Clock clock,
    MeterRegistry meters, OpenTelemetry openTelemetry, Topic<String, EmbeddedDocument> output,
    EmbeddingCachePolicy cachePolicy) {

  public PipelineComponents {
    requireNonNull(cachePolicy, "cachePolicy");
    requireNonNull(output, "output");
    requireNonNull(embedder, "embedder");
    requireNonNull(chunking, "chunking");
    requireNonNull(retry, "retry");
    requireNonNull(cacheStatistics, "cacheStatistics");
    requireNonNull(clock, "clock");
    requireNonNull(meters, "meters");
    requireNonNull(openTelemetry, "openTelemetry");
  }

  /** Components writing to {@code docs.embedded.v1}, without metrics or tracing (meters go nowhere, spans are no-ops). */
  public PipelineComponents(
      Embedder embedder, ChunkingPolicy chunking, RetryPolicy retry, CacheStatistics cacheStatistics, Clock clock) {
    this(embedder, chunking, retry, cacheStatistics, clock, new CompositeMeterRegistry(), OpenTelemetry.noop(),
        Topics.DOCS_EMBEDDED, EmbeddingCachePolicy.DEFAULT);
  }

  /**
   * The production defaults for {@code embedder}: chunks that fill the model's window measured
   * with its own tokenizer (character limits when it has none), {@link RetryPolicy#DEFAULT}.
   */
  public static PipelineComponents forEmbedder(Embedder embedder, Clock clock) {
    ChunkingPolicy chunking =
        embedder.tokenCounter().map(ChunkingPolicy::fillingWindow).orElseGet(ChunkingPolicy::characters);
    return new PipelineComponents(embedder, chunking, RetryPolicy.DEFAULT, new CacheStatistics(), clock);
  }

  public PipelineComponents withChunking(ChunkingPolicy chunking) {
    return new PipelineComponents(embedder, chunking, retry, cacheStatistics, clock, meters, openTelemetry, output, cachePolicy);
  }

  public PipelineComponents withRetry(RetryPolicy retry) {
    return new PipelineComponents(embedder, chunking, retry, cacheStatistics, clock, meters, openTelemetry, output, cachePolicy);
  }

  /** These components reporting to {@code meters} and tracing with {@code openTelemetry}. */
  public PipelineComponents withTelemetry(MeterRegistry meters, OpenTelemetry openTelemetry) {
    return new PipelineComponents(embedder, chunking, retry, cacheStatistics, clock, meters, openTelemetry, output, cachePolicy);
  }

  /** The same components with another embedding cache age bound. */
  public PipelineComponents withCachePolicy(EmbeddingCachePolicy cachePolicy) {
    return new PipelineComponents(embedder, chunking, retry, cacheStatistics, clock, meters, openTelemetry, output,
        cachePolicy);
  }

  /** The same components writing to {@code output} (a roll's profile topic). */
  public PipelineComponents withOutput(Topic<String, EmbeddedDocument> output) {
    return new PipelineComponents(embedder, chunking, retry, cacheStatistics, clock, meters, openTelemetry, output, cachePolicy);
  }
}
