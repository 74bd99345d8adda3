package io.tributary.streams.pipeline;

import io.tributary.schemas.documents.ContentHash;
import static java.util.Objects.requireNonNull;

import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.streams.chunking.ChunkingStrategy;
import io.tributary.embedding.Embedder;
import io.tributary.streams.parsing.ContentParser;
import io.tributary.streams.parsing.ParsedText;
import java.time.Clock;

/**
 * The pipeline's parse → chunk → embed of one document, outside a topology: what {@code tributary
 * eval retrieval} loads in process, so that it measures exactly the chunks the pipeline would write.
 */
public final class DocumentEmbedding {

  private final ContentParser parser = new ContentParser();
  private final DocumentVersionEmbedder embedder;
  private final Clock clock;

  public DocumentEmbedding(Embedder embedder, ChunkingPolicy chunking, Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    this.embedder = new DocumentVersionEmbedder(embedder, chunking, clock,
        JsonSerde.of(EmbeddedDocument.class), Integer.MAX_VALUE);
  }

  /** Version 1 of {@code document}, embedded with the strategy the pipeline would choose. */
  public EmbeddedDocument embed(SubmittedDocument document) {
    ParsedText parsed = parser.parse(requireNonNull(document, "document"));
    ChunkingStrategy strategy = document.chunking() == null
        ? ChunkingStrategy.defaultFor(parsed.format())
        : ChunkingStrategy.ofWireName(document.chunking()).orElse(ChunkingStrategy.defaultFor(parsed.format()));
    return embedder.embed(document, parsed, strategy,
        new DocumentVersionEmbedder.Version(1, ContentHash.of(document), clock.instant()));
  }
}
