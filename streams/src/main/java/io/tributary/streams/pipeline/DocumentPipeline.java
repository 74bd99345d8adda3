package io.tributary.streams.pipeline;

import io.opentelemetry.api.trace.Tracer;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import io.tributary.schemas.validation.SubmittedDocumentReader;
import io.tributary.streams.embedding.CachedEmbedder;
import io.tributary.streams.embedding.EmbeddingCacheSweep;
import io.tributary.streams.embedding.RetryingEmbedder;
import io.tributary.streams.embedding.TimedEmbedder;
import io.tributary.streams.parsing.ContentParser;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The document topology: {@code docs.submitted.v1} → validate → chunk → embed (one batch per
 * document) → {@code docs.embedded.v1}; every submission and tombstone it accepts also goes, in the
 * same transaction, to {@code docs.accepted.v1} (ADR 0026); records that can never be processed go,
 * unchanged and with the reason in headers, to {@code docs.submitted.v1.dlq.v1}. A roll's pipeline
 * reads {@code docs.accepted.v1} instead and writes no accepted records ({@link PipelineComponents}).
 * A description only: the runner owns the lifecycle.
 */
public final class DocumentPipeline {

  /** Persistent store: document id → latest {@link DocumentVersion}. */
  public static final String VERSION_STORE = "document-versions";

  /** Persistent store: model id + SHA-256 of a chunk's text → its vector (float32 little-endian). */
  public static final String EMBEDDING_CACHE_STORE = "embedding-cache";

  /**
   * Room left in the output topic's message limit for the key, headers and batch overhead: the
   * embedded document itself must stay below the limit by this much.
   */
  static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

  private DocumentPipeline() {}

  /** Adds the document topology to {@code builder}. */
  public static void build(StreamsBuilder builder, PipelineComponents components) {
    Topic<String, EmbeddedDocument> embedded = components.output();
    // A roll's dead letters join the live pipeline's: the document-failures projection reads one topic.
    Topic<byte[], byte[]> deadLetters = Topics.DOCS_SUBMITTED_DLQ;

    // Raw bytes on purpose, key included: the reader explains what is wrong with them, and a
    // dead letter must carry them exactly as they arrived.
    KStream<byte[], byte[]> submitted = builder.stream(
        components.input().name(),
        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read-submitted-documents"));

    KStream<String, Outcome> outcomes =
        submitted.process(processor(components), Named.as("embed-documents"));

    BranchedKStream<String, Outcome> branches = outcomes
        .split(Named.as("outcome-"))
        .branch(
            (id, outcome) -> outcome instanceof Outcome.DeadLetter,
            Branched.withConsumer(
                dead -> dead
                    .map((id, outcome) -> {
                      Outcome.DeadLetter letter = (Outcome.DeadLetter) outcome;
                      return KeyValue.pair(letter.key(), letter.value());
                    }, Named.as("restore-original-record"))
                    .to(deadLetters.name(),
                        Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                            .withName("write-dead-letters")),
                "dead-letter"));
    if (components.writesAccepted()) {
      Topic<String, SubmittedDocument> accepted = Topics.DOCS_ACCEPTED;
      branches.branch(
          (id, outcome) -> outcome instanceof Outcome.Accept,
          Branched.withConsumer(
              kept -> kept
                  .mapValues(outcome -> ((Outcome.Accept) outcome).document(), Named.as("accepted-document"))
                  .to(accepted.name(),
                      Produced.with(accepted.keySerde(), Serdes.ByteArray()).withName("write-accepted-documents")),
              "accepted"));
    }
    branches.branch(
        (id, outcome) -> outcome instanceof Outcome.Publish,
        Branched.withConsumer(
            published -> published
                .mapValues(outcome -> ((Outcome.Publish) outcome).document(), Named.as("document-version"))
                .to(embedded.name(),
                    Produced.with(embedded.keySerde(), embedded.valueSerde())
                        .withName("write-embedded-documents")),
            "embedded"));
    branches.noDefaultBranch();
  }

  private static ProcessorSupplier<byte[], byte[], String, Outcome> processor(PipelineComponents components) {
    SubmittedDocumentReader reader = SubmittedDocumentReader.v1(components.input().maxMessageBytes());
    ContentParser parser = new ContentParser();
    // One set of meters for all tasks of the topology.
    PipelineMetrics metrics =
        new PipelineMetrics(components.meters(), components.embedder().provider(), components.cacheStatistics());
    Tracer tracer = components.openTelemetry().getTracer("io.tributary.streams");
    // Retries sit below the cache: a cached vector never waits for an outage to end. The timer sits
    // below the retries: it measures model calls, not back-off.
    RetryingEmbedder model =
        new RetryingEmbedder(new TimedEmbedder(components.embedder(), metrics.embedding()), components.retry());
    JsonSerde<EmbeddedDocument> serde = JsonSerde.of(EmbeddedDocument.class);
    return new ProcessorSupplier<>() {
      @Override
      public Processor<byte[], byte[], String, Outcome> get() {
        return new DocumentProcessor(
            reader,
            parser,
            cache -> new DocumentVersionEmbedder(
                new CachedEmbedder(model, cache, components.cacheStatistics(), components.cachePolicy(),
                    components.clock()),
                components.chunking(),
                components.clock(),
                serde,
                components.output().maxMessageBytes() - RECORD_OVERHEAD_BYTES),
            components.clock(),
            metrics,
            tracer,
            cache -> new EmbeddingCacheSweep(cache, components.cachePolicy(), components.clock(),
                components.cacheStatistics()),
            components.cachePolicy().sweepInterval(),
            components.input().name(),
            components.writesAccepted());
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(versionStore(), embeddingCacheStore());
      }
    };
  }

  private static StoreBuilder<KeyValueStore<String, byte[]>> embeddingCacheStore() {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(EMBEDDING_CACHE_STORE), Serdes.String(), Serdes.ByteArray());
  }

  private static StoreBuilder<KeyValueStore<String, DocumentVersion>> versionStore() {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(VERSION_STORE),
        Topics.DOCS_SUBMITTED.keySerde(),
        JsonSerde.of(DocumentVersion.class));
  }
}
