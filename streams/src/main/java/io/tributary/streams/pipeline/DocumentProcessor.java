package io.tributary.streams.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.envelope.CloudEvents;
import io.tributary.schemas.envelope.Envelope;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.validation.SubmittedDocumentReader;
import io.tributary.streams.chunking.ChunkingStrategy;
import io.tributary.streams.parsing.ContentParser;
import io.tributary.streams.parsing.ParsedText;
import java.util.function.Function;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one raw {@code docs.submitted.v1} record into an {@link Outcome}: a new document version,
 * a tombstone, nothing (content unchanged), or a dead letter for a record that can never be
 * processed. Anything else that goes wrong (the embedder) propagates: it is not the record's fault.
 */
final class DocumentProcessor implements Processor<byte[], byte[], String, Outcome> {

  private static final Logger log = LoggerFactory.getLogger(DocumentProcessor.class);

  private final SubmittedDocumentReader reader;
  private final ContentParser parser;
  private final Function<KeyValueStore<String, byte[]>, DocumentVersionEmbedder> versionEmbedders;
  private final Clock clock;
  private ProcessorContext<String, Outcome> context;
  private KeyValueStore<String, DocumentVersion> versions;
  private DocumentVersionEmbedder versionEmbedder;

  /**
   * @param versionEmbedders the version embedder over this task's embedding cache store
   */
  DocumentProcessor(
      SubmittedDocumentReader reader,
      ContentParser parser,
      Function<KeyValueStore<String, byte[]>, DocumentVersionEmbedder> versionEmbedders,
      Clock clock) {
    this.reader = requireNonNull(reader, "reader");
    this.parser = requireNonNull(parser, "parser");
    this.versionEmbedders = requireNonNull(versionEmbedders, "versionEmbedders");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
    this.versions = context.getStateStore(DocumentPipeline.VERSION_STORE);
    this.versionEmbedder = versionEmbedders.apply(context.getStateStore(DocumentPipeline.EMBEDDING_CACHE_STORE));
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    try {
      handle(record);
    } catch (InvalidRecordException e) {
      deadLetter(record, e);
    }
  }

  private void handle(Record<byte[], byte[]> record) {
    String id = documentId(record.key());
    if (record.value() == null) {
      versions.delete(id);
      Headers headers = OutputHeaders.of(record.headers(), CloudEvents.unwrapTrace(record.headers()));
      context.forward(record.withKey(id).withValue(new Outcome.Publish(null)).withHeaders(headers));
      return;
    }
    Envelope envelope = CloudEvents.unwrap(record.headers(), record.value());
    SubmittedDocument document = reader.read(envelope.document());
    if (!document.id().equals(id)) {
      throw new InvalidRecordException(
          ErrorCode.SCHEMA_VIOLATION,
          "$.id: id \"" + document.id() + "\" does not match record key \"" + id + "\"");
    }
    String contentHash = ContentHash.of(document);
    DocumentVersion latest = versions.get(id);
    if (latest != null && latest.contentHash().equals(contentHash)) {
      log.atDebug().addKeyValue("document", id).addKeyValue("version", latest.version())
          .log("content unchanged; nothing to embed");
      return;
    }
    long version = latest == null ? 1 : latest.version() + 1;
    Instant submittedAt =
        document.submittedAt() != null ? document.submittedAt() : Instant.ofEpochMilli(record.timestamp());
    ParsedText parsed = parser.parse(document);
    ChunkingStrategy strategy = document.chunking() == null
        ? ChunkingStrategy.defaultFor(parsed.format())
        : ChunkingStrategy.ofWireName(document.chunking()).orElseThrow(() -> new InvalidRecordException(
            ErrorCode.SCHEMA_VIOLATION, "/chunking: unknown strategy \"" + document.chunking() + "\""));
    EmbeddedDocument embedded = versionEmbedder.embed(
        document, parsed, strategy, new DocumentVersionEmbedder.Version(version, contentHash, submittedAt));
    versions.put(id, new DocumentVersion(version, contentHash));
    context.forward(record.withKey(id).withValue(new Outcome.Publish(embedded))
        .withHeaders(OutputHeaders.of(record.headers(), envelope.trace())));
    log.atDebug().addKeyValue("document", id).addKeyValue("version", version)
        .addKeyValue("chunks", embedded.chunks().size()).log("document version embedded");
  }

  private void deadLetter(Record<byte[], byte[]> record, InvalidRecordException failure) {
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

  /** The record key as a document id; keys are UTF-8 and required (the topic is compacted by key). */
  private static String documentId(byte[] key) {
    if (key == null) {
      throw new InvalidRecordException(ErrorCode.SCHEMA_VIOLATION, "record key is missing; it must be the document id");
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
