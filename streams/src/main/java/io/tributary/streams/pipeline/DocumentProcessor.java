package io.tributary.streams.pipeline;

import io.tributary.schemas.documents.ContentHash;
import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.envelope.CloudEvents;
import io.tributary.schemas.envelope.Envelope;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.tracing.TraceContext;
import io.tributary.schemas.validation.SubmittedDocumentReader;
import io.tributary.streams.chunking.ChunkingStrategy;
import io.tributary.streams.embedding.EmbeddingCacheSweep;
import io.tributary.streams.parsing.ContentParser;
import io.tributary.streams.parsing.ParsedText;
import io.tributary.streams.runtime.RecordAttempts;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one raw {@code docs.submitted.v1} record into {@link Outcome}s: a new document version, a
 * tombstone, nothing (content unchanged), or a dead letter for a record that can never be
 * processed. A live pipeline also emits every record it accepts, tombstones included, for
 * {@code docs.accepted.v1} (ADR 0026); a dead-lettered record is never accepted. An outage (the
 * embedder, the broker) propagates: it is not the record's fault, and Kafka Streams retries; any
 * other failure is retried a bounded number of times and then dead-lettered as
 * {@code UNEXPECTED_ERROR}, so one record cannot stall its partition.
 */
final class DocumentProcessor implements Processor<byte[], byte[], String, Outcome> {

  private static final Logger log = LoggerFactory.getLogger(DocumentProcessor.class);

  private final SubmittedDocumentReader reader;
  private final ContentParser parser;
  private final Function<KeyValueStore<String, byte[]>, DocumentVersionEmbedder> versionEmbedders;
  private final Clock clock;
  private final PipelineMetrics metrics;
  private final Tracer tracer;
  private final Function<KeyValueStore<String, byte[]>, EmbeddingCacheSweep> sweeps;
  private final Duration sweepInterval;
  private final String inputTopic;
  private final boolean writesAccepted;
  private final RecordAttempts attempts = new RecordAttempts(RecordAttempts.DEFAULT_ATTEMPTS);
  private ProcessorContext<String, Outcome> context;
  private KeyValueStore<String, DocumentVersion> versions;
  private DocumentVersionEmbedder versionEmbedder;

  /**
   * @param versionEmbedders the version embedder over this task's embedding cache store
   * @param inputTopic the topic records come from, as named in traces
   * @param writesAccepted whether accepted records are emitted as {@link Outcome.Accept}
   */
  DocumentProcessor(
      SubmittedDocumentReader reader,
      ContentParser parser,
      Function<KeyValueStore<String, byte[]>, DocumentVersionEmbedder> versionEmbedders,
      Clock clock,
      PipelineMetrics metrics,
      Tracer tracer,
      Function<KeyValueStore<String, byte[]>, EmbeddingCacheSweep> sweeps,
      Duration sweepInterval,
      String inputTopic,
      boolean writesAccepted) {
    this.reader = requireNonNull(reader, "reader");
    this.parser = requireNonNull(parser, "parser");
    this.versionEmbedders = requireNonNull(versionEmbedders, "versionEmbedders");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = requireNonNull(metrics, "metrics");
    this.tracer = requireNonNull(tracer, "tracer");
    this.sweeps = requireNonNull(sweeps, "sweeps");
    this.sweepInterval = requireNonNull(sweepInterval, "sweepInterval");
    this.inputTopic = requireNonNull(inputTopic, "inputTopic");
    this.writesAccepted = writesAccepted;
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
    this.versions = context.getStateStore(DocumentPipeline.VERSION_STORE);
    KeyValueStore<String, byte[]> cache = context.getStateStore(DocumentPipeline.EMBEDDING_CACHE_STORE);
    this.versionEmbedder = versionEmbedders.apply(cache);
    // Wall-clock time: the cache ages in real time, whether or not documents arrive.
    EmbeddingCacheSweep sweep = sweeps.apply(cache);
    context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, now -> sweep.run());
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    // The submitter's context (the API's producer span) is the parent; the output carries this span's.
    Span span = TraceContext.processing(tracer, inputTopic, CloudEvents.unwrapTrace(record.headers()))
        .startSpan();
    try (Scope scope = TraceContext.enter(span)) {
      Optional<Throwable> unexpected = attempts.run(() -> handle(record, span));
      if (unexpected.isPresent()) {
        throw RecordAttempts.unexpected(unexpected.get());
      }
    } catch (InvalidRecordException e) {
      span.setAttribute("tributary.error_code", e.code().name());
      deadLetter(record, e);
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private void handle(Record<byte[], byte[]> record, Span span) {
    String recordKey = recordKey(record.key());
    if (record.value() == null) {
      DocumentKey key = DocumentKey.parse(recordKey).orElseThrow(() -> new InvalidRecordException(
          ErrorCode.TENANT_MISMATCH, "a tombstone's key must name its tenant: <tenant>/<id>, was \"" + recordKey + "\""));
      span.setAttribute("tributary.document_id", key.id());
      versions.delete(key.wire());
      Map<String, String> trace = TraceContext.continuedBy(CloudEvents.unwrapTrace(record.headers()), span);
      context.forward(record.withKey(key.wire()).withValue(new Outcome.Publish(null))
          .withHeaders(OutputHeaders.of(record.headers(), trace)));
      accept(record, key, null, trace);
      metrics.deleted();
      return;
    }
    Envelope envelope = CloudEvents.unwrap(record.headers(), record.value());
    SubmittedDocument document = reader.read(envelope.document());
    DocumentKey key = keyOf(recordKey, document);
    String id = key.wire();
    span.setAttribute("tributary.document_id", key.id());
    String contentHash = ContentHash.of(document);
    String describedHash = ContentHash.described(document);
    DocumentVersion latest = versions.get(id);
    Map<String, String> trace = TraceContext.continuedBy(envelope.trace(), span);
    if (latest != null && latest.contentHash().equals(contentHash) && describedHash.equals(latest.describedHash())) {
      // Accepted again, embedded once: compaction keeps one of the two equal accepted records.
      accept(record, key, envelope.document(), trace);
      log.atDebug().addKeyValue("document", key.id()).addKeyValue("version", latest.version())
          .log("content and description unchanged; nothing to embed");
      return;
    }
    long version = nextVersion(latest, key);
    Instant submittedAt =
        document.submittedAt() != null ? document.submittedAt() : Instant.ofEpochMilli(record.timestamp());
    ParsedText parsed = parser.parse(document);
    ChunkingStrategy strategy = document.chunking() == null
        ? ChunkingStrategy.defaultFor(parsed.format())
        : ChunkingStrategy.ofWireName(document.chunking()).orElseThrow(() -> new InvalidRecordException(
            ErrorCode.SCHEMA_VIOLATION, "/chunking: unknown strategy \"" + document.chunking() + "\""));
    EmbeddedDocument embedded = embed(
        document, parsed, strategy, new DocumentVersionEmbedder.Version(version, contentHash, submittedAt));
    versions.put(id, new DocumentVersion(version, contentHash, describedHash));
    context.forward(record.withKey(id).withValue(new Outcome.Publish(embedded))
        .withHeaders(OutputHeaders.of(record.headers(), trace)));
    accept(record, key, envelope.document(), trace);
    metrics.embedded(embedded.chunks().size());
    log.atDebug().addKeyValue("document", key.id()).addKeyValue("version", version)
        .addKeyValue("chunks", embedded.chunks().size()).log("document version embedded");
  }

  /**
   * Emits the accepted record for {@code docs.accepted.v1}, when this pipeline writes it: under the
   * full key (a bare-id key was accepted as the value's tenant and id), the document without its
   * envelope (plain JSON), the input's headers without CloudEvents attributes, the record's time.
   */
  private void accept(Record<byte[], byte[]> record, DocumentKey key, byte[] document, Map<String, String> trace) {
    if (writesAccepted) {
      context.forward(record.withKey(key.wire()).withValue(new Outcome.Accept(document))
          .withHeaders(OutputHeaders.of(record.headers(), trace)));
    }
  }

  /**
   * The next version of {@code key}. A document last embedded before ADR 16 has its version under
   * the bare id: that version is a floor, so the read model (which kept its rows) never sees a
   * lower version than it holds. The floor is not deleted: another tenant may use the same id.
   */
  private long nextVersion(DocumentVersion latest, DocumentKey key) {
    if (latest != null) {
      return latest.version() + 1;
    }
    DocumentVersion legacy = versions.get(key.id());
    return legacy == null ? 1 : legacy.version() + 1;
  }

  /**
   * The identity of a document record: the tenant and id its value names. A key naming a tenant
   * must name the same pair (a producer cannot file one tenant's document under another's key); a
   * bare id, as producers wrote before ADR 16, must equal the value's id.
   */
  private static DocumentKey keyOf(String recordKey, SubmittedDocument document) {
    DocumentKey named;
    try {
      named = DocumentKey.of(document);
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException(ErrorCode.SCHEMA_VIOLATION, "$.id: " + e.getMessage(), e);
    }
    Optional<DocumentKey> keyed;
    try {
      keyed = DocumentKey.parse(recordKey);
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException(ErrorCode.TENANT_MISMATCH, "record key: " + e.getMessage(), e);
    }
    if (keyed.isPresent() ? !keyed.get().equals(named) : !recordKey.equals(document.id())) {
      throw new InvalidRecordException(ErrorCode.TENANT_MISMATCH,
          "record key \"" + recordKey + "\" does not name tenant \"" + named.tenant() + "\" and id \""
              + named.id() + "\" of the value; the key must be " + named.wire());
    }
    return named;
  }

  private EmbeddedDocument embed(SubmittedDocument document, ParsedText parsed, ChunkingStrategy strategy,
      DocumentVersionEmbedder.Version version) {
    Span span = tracer.spanBuilder("embed").startSpan();
    try (Scope scope = TraceContext.enter(span)) {
      EmbeddedDocument embedded = versionEmbedder.embed(document, parsed, strategy, version);
      span.setAttribute("tributary.chunks", embedded.chunks().size());
      return embedded;
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private void deadLetter(Record<byte[], byte[]> record, InvalidRecordException failure) {
    metrics.deadLettered();
    var origin = context.recordMetadata();
    // Code and coordinates only: the message may quote the document.
    log.atWarn().addKeyValue("code", failure.code())
        .addKeyValue("topic", origin.map(m -> m.topic()).orElse(null))
        .addKeyValue("partition", origin.map(m -> m.partition()).orElse(null))
        .addKeyValue("offset", origin.map(m -> m.offset()).orElse(null))
        .log("record sent to the dead-letter topic");
    context.forward(
        new Record<String, Outcome>(
            null,
            new Outcome.DeadLetter(record.key(), record.value()),
            record.timestamp(),
            DeadLetters.headers(record.headers(), origin, failure, clock.instant())));
  }

  /** The record key as text; keys are UTF-8 and required (the topic is compacted by key). */
  private static String recordKey(byte[] key) {
    if (key == null) {
      throw new InvalidRecordException(ErrorCode.SCHEMA_VIOLATION,
          "record key is missing; it must be <tenant>/<document id>");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(key))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRecordException(ErrorCode.UNDECODABLE_BYTES, "record key is not valid UTF-8", e);
    }
  }
}
