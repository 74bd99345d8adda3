package io.tributary.streams.pipeline;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
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
 * @param input where submitted documents come from: {@code docs.submitted.v1} (the live pipeline) or
 *     {@code docs.accepted.v1} (a roll's pipeline, ADR 0026)
 * @param writesAccepted whether every submission and tombstone the pipeline accepts is also written
 *     to {@code docs.accepted.v1}, in the same transaction; never while reading that topic
 */
public record PipelineComponents(
    Embedder embedder, ChunkingPolicy chunking, RetryPolicy retry, CacheStatistics cacheStatistics, Clock clock,
    MeterRegistry meters, OpenTelemetry openTelemetry, Topic<String, EmbeddedDocument> output,
    EmbeddingCachePolicy cachePolicy, Topic<String, SubmittedDocument> input, boolean writesAccepted) {

  public PipelineComponents {
    requireNonNull(input, "input");
    if (writesAccepted && input.name().equals(Topics.DOCS_ACCEPTED.name())) {
      throw new IllegalArgumentException(
          "a pipeline reading " + input.name() + " must not write it: each accepted record would come back");
    }
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

  /**
   * The live pipeline's components: {@code docs.submitted.v1} to {@code docs.embedded.v1}, accepted
   * records to {@code docs.accepted.v1}; without metrics or tracing (meters go nowhere, spans are no-ops).
   */
  public PipelineComponents(
      Embedder embedder, ChunkingPolicy chunking, RetryPolicy retry, CacheStatistics cacheStatistics, Clock clock) {
    this(embedder, chunking, retry, cacheStatistics, clock, new CompositeMeterRegistry(), OpenTelemetry.noop(),
        Topics.DOCS_EMBEDDED, EmbeddingCachePolicy.DEFAULT, Topics.DOCS_SUBMITTED, true);
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
    return new PipelineComponents(embedder, chunking, retry, cacheStatistics, clock, meters, openTelemetry, output,
        cachePolicy, input, writesAccepted);
  }

  public PipelineComponents withRetry(RetryPolicy retry) {
    return new PipelineComponents(embedder, chunking, retry, cacheStatistics, clock, meters, openTelemetry, output,
        cachePolicy, input, writesAccepted);
  }

  /** These components reporting to {@code meters} and tracing with {@code openTelemetry}. */
  public PipelineComponents withTelemetry(MeterRegistry meters, OpenTelemetry openTelemetry) {
    return new PipelineComponents(embedder, chunking, retry, cacheStatistics, clock, meters, openTelemetry, output,
        cachePolicy, input, writesAccepted);
  }

  /** The same components with another embedding cache age bound. */
  public PipelineComponents withCachePolicy(EmbeddingCachePolicy cachePolicy) {
    return new PipelineComponents(embedder, chunking, retry, cacheStatistics, clock, meters, openTelemetry, output,
        cachePolicy, input, writesAccepted);
  }

  /** The same components writing to {@code output} (a roll's profile topic). */
  public PipelineComponents withOutput(Topic<String, EmbeddedDocument> output) {
    return new PipelineComponents(embedder, chunking, retry, cacheStatistics, clock, meters, openTelemetry, output,
        cachePolicy, input, writesAccepted);
  }

  /**
   * The same components reading {@code input}, writing accepted records to {@code docs.accepted.v1}
   * or not: the live pipeline reads {@code docs.submitted.v1} and writes them, a roll's pipeline
   * reads {@code docs.accepted.v1} and does not.
   */
  public PipelineComponents withInput(Topic<String, SubmittedDocument> input, boolean writesAccepted) {
    return new PipelineComponents(embedder, chunking, retry, cacheStatistics, clock, meters, openTelemetry, output,
        cachePolicy, input, writesAccepted);
  }
}
