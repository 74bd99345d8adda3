package io.tributary.streams.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.streams.chunking.Chunk;
import io.tributary.streams.chunking.Chunker;
import io.tributary.streams.chunking.TextFormat;
import io.tributary.streams.embedding.Embedder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Chunks one document version and embeds all its chunks in a single batch. */
final class DocumentVersionEmbedder {

  private final Embedder embedder;
  private final Chunker chunker;
  private final Clock clock;
  private final JsonSerde<EmbeddedDocument> serde;
  private final int maxValueBytes;

  /**
   * @param maxValueBytes largest serialised {@link EmbeddedDocument} the output topic takes
   */
  DocumentVersionEmbedder(
      Embedder embedder, Chunker chunker, Clock clock, JsonSerde<EmbeddedDocument> serde, int maxValueBytes) {
    this.embedder = requireNonNull(embedder, "embedder");
    this.chunker = requireNonNull(chunker, "chunker");
    this.clock = requireNonNull(clock, "clock");
    this.serde = requireNonNull(serde, "serde");
    this.maxValueBytes = maxValueBytes;
  }

  /**
   * The embedded form of {@code document}.
   *
   * @throws InvalidRecordException {@link ErrorCode#DOCUMENT_TOO_LARGE} when the embedded form
   *     would not fit the output topic; checked before embedding, so no model time is spent
   */
  EmbeddedDocument embed(
      SubmittedDocument document, TextFormat format, long version, String contentHash, Instant submittedAt) {
    List<Chunk> chunks = chunker.chunk(document.text(), format);
    checkSize(document, chunks, version, contentHash, submittedAt);
    List<float[]> vectors =
        chunks.isEmpty() ? List.of() : embedder.embed(chunks.stream().map(Chunk::text).toList());
    if (vectors.size() != chunks.size()) {
      throw new IllegalStateException(
          embedder.modelId() + " returned " + vectors.size() + " vectors for " + chunks.size() + " texts");
    }
    List<EmbeddedChunk> embedded = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      float[] vector = vectors.get(i);
      if (vector.length != embedder.dimensions()) {
        throw new IllegalStateException(
            embedder.modelId() + " returned " + vector.length + " dimensions, declared " + embedder.dimensions());
      }
      embedded.add(toEmbeddedChunk(chunks.get(i), VectorCodec.encode(vector)));
    }
    return document(document, version, contentHash, embedded, submittedAt, clock.instant());
  }

  private void checkSize(
      SubmittedDocument document, List<Chunk> chunks, long version, String contentHash, Instant submittedAt) {
    // Every vector encodes to the same length, so a placeholder gives the exact size up front.
    String placeholder = VectorCodec.encode(new float[embedder.dimensions()]);
    List<EmbeddedChunk> sized = chunks.stream().map(c -> toEmbeddedChunk(c, placeholder)).toList();
    byte[] bytes = serde.toBytes(document(document, version, contentHash, sized, submittedAt, clock.instant()));
    if (bytes.length > maxValueBytes) {
      throw new InvalidRecordException(
          ErrorCode.DOCUMENT_TOO_LARGE,
          "embedded form would be " + bytes.length + " bytes (" + chunks.size()
              + " chunks), the output topic takes at most " + maxValueBytes);
    }
  }

  private static EmbeddedChunk toEmbeddedChunk(Chunk chunk, String embedding) {
    return new EmbeddedChunk(
        chunk.index(), chunk.text(), chunk.headingPath(), chunk.charStart(), chunk.charEnd(), embedding);
  }

  private EmbeddedDocument document(
      SubmittedDocument document,
      long version,
      String contentHash,
      List<EmbeddedChunk> chunks,
      Instant submittedAt,
      Instant embeddedAt) {
    return new EmbeddedDocument(
        document.id(),
        document.tenant(),
        version,
        contentHash,
        document.title(),
        document.source(),
        document.contentType(),
        document.metadata(),
        embedder.modelId(),
        embedder.dimensions(),
        chunks,
        submittedAt,
        embeddedAt);
  }
}
