package io.tributary.streams.chunking;

import java.util.List;

/**
 * Splits a document's text into chunks small enough to embed.
 *
 * <p>Sealed: the strategies are a closed set that the pipeline and the read models know about
 * (see {@link ChunkingStrategy} for how a document picks one).
 */
public sealed interface Chunker permits ParagraphChunker, WindowChunker {

  /**
   * The chunks of {@code text} in document order, indexed from 0; empty when the text has nothing
   * to embed. Every chunk holds at least one character a tokenizer keeps, so an embedder never
   * receives blank input.
   */
  List<Chunk> chunk(String text, TextFormat format);
}
