package io.tributary.streams.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.streams.chunking.ChunkingStrategy;
import io.tributary.embedding.Embedder;
import io.tributary.streams.parsing.ParsedText;
import io.tributary.streams.pipeline.DocumentChunks.PagedChunk;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Chunks one document version and embeds all its chunks in a single batch. */
final class DocumentVersionEmbedder {

  private final Embedder embedder;
  private final ChunkingPolicy chunking;
  private final Clock clock;
  private final JsonSerde<EmbeddedDocument> serde;
  private final int maxValueBytes;

  /**
   * @param maxValueBytes largest serialised {@link EmbeddedDocument} the output topic takes
   */
  DocumentVersionEmbedder(
      Embedder embedder, ChunkingPolicy chunking, Clock clock, JsonSerde<EmbeddedDocument> serde, int maxValueBytes) {
    this.embedder = requireNonNull(embedder, "embedder");
    this.chunking = requireNonNull(chunking, "chunking");
    this.clock = requireNonNull(clock, "clock");
    this.serde = requireNonNull(serde, "serde");
    this.maxValueBytes = maxValueBytes;
  }

  /** The coordinates of the version being embedded. */
  record Version(long number, String contentHash, Instant submittedAt) {}

  /**
   * The embedded form of {@code document}.
   *
   * @throws InvalidRecordException {@link ErrorCode#DOCUMENT_TOO_LARGE} when the embedded form
   *     would not fit the output topic; checked before embedding, so no model time is spent
   */
  EmbeddedDocument embed(SubmittedDocument document, ParsedText parsed, ChunkingStrategy strategy, Version version) {
    List<PagedChunk> chunks = DocumentChunks.of(parsed, strategy, chunking);
    checkSize(document, chunks, version);
    List<float[]> vectors =
        chunks.isEmpty() ? List.of() : embedder.embed(chunks.stream().map(c -> c.chunk().text()).toList());
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
      embedded.add(toEmbeddedChunk(document, version, chunks.get(i), chunks.size(), VectorCodec.encode(vector)));
    }
    return document(document, version, embedded, clock.instant());
  }

  private void checkSize(SubmittedDocument document, List<PagedChunk> chunks, Version version) {
    // Every vector encodes to the same length, so a placeholder gives the exact size up front.
    String placeholder = VectorCodec.encode(new float[embedder.dimensions()]);
    List<EmbeddedChunk> sized =
        chunks.stream().map(c -> toEmbeddedChunk(document, version, c, chunks.size(), placeholder)).toList();
    byte[] bytes = serde.toBytes(document(document, version, sized, clock.instant()));
    if (bytes.length > maxValueBytes) {
      throw new InvalidRecordException(
          ErrorCode.DOCUMENT_TOO_LARGE,
          "embedded form would be " + bytes.length + " bytes (" + chunks.size()
              + " chunks), the output topic takes at most " + maxValueBytes);
    }
  }

  private static EmbeddedChunk toEmbeddedChunk(
      SubmittedDocument document, Version version, PagedChunk paged, int total, String embedding) {
    var chunk = paged.chunk();
    return new EmbeddedChunk(
        chunk.index(), chunk.text(), chunk.headingPath(), chunk.charStart(), chunk.charEnd(), embedding,
        document.id(), version.number(), total, paged.page());
  }

  private EmbeddedDocument document(
      SubmittedDocument document, Version version, List<EmbeddedChunk> chunks, Instant embeddedAt) {
    return new EmbeddedDocument(
        document.id(),
        document.tenant(),
        version.number(),
        version.contentHash(),
        document.title(),
        document.source(),
        document.contentType(),
        document.metadata(),
        embedder.modelId(),
        embedder.dimensions(),
        chunks,
        version.submittedAt(),
        embeddedAt);
  }
}
