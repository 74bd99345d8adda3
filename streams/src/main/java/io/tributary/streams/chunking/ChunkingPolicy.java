package io.tributary.streams.chunking;

import io.tributary.embedding.TokenCounter;
import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The configured chunkers behind the {@link ChunkingStrategy} names, all measuring with the same
 * {@link TokenCounter} and limits. Thread-safe.
 */
public final class ChunkingPolicy {

  private final ParagraphChunker paragraphs;
  private final WindowChunker windows;
  private final int maxTokens;

  /** Chunks of at most {@code maxTokens} with up to {@code overlapTokens} of overlap, measured by {@code counter}. */
  public ChunkingPolicy(TokenCounter counter, int maxTokens, int overlapTokens) {
    requireNonNull(counter, "counter");
    if (maxTokens > counter.windowTokens()) {
      throw new IllegalArgumentException(
          "chunks of " + maxTokens + " tokens exceed the model's window of " + counter.windowTokens());
    }
    this.paragraphs = new ParagraphChunker(maxTokens, overlapTokens, counter);
    this.windows = new WindowChunker(maxTokens, overlapTokens, counter);
    this.maxTokens = maxTokens;
  }

  /** Chunks that fill the model's whole window, with an eighth of it as overlap. */
  public static ChunkingPolicy fillingWindow(TokenCounter counter) {
    int window = counter.windowTokens();
    return new ChunkingPolicy(counter, window, window / 8);
  }

  /** The character-measured defaults of {@link ParagraphChunker#defaults()}; for tests and tokenizer-less models. */
  public static ChunkingPolicy characters() {
    return new ChunkingPolicy(
        TokenCounter.characters(ParagraphChunker.DEFAULT_MAX_CHARS),
        ParagraphChunker.DEFAULT_MAX_CHARS,
        ParagraphChunker.DEFAULT_OVERLAP_CHARS);
  }

  /** Largest chunk, in the counter's tokens. */
  public int maxTokens() {
    return maxTokens;
  }

  /** The chunks of {@code text} under {@code strategy}. */
  public List<Chunk> chunk(String text, TextFormat format, ChunkingStrategy strategy) {
    return switch (strategy) {
      case MARKDOWN -> paragraphs.chunk(text, TextFormat.MARKDOWN);
      case PARAGRAPH -> paragraphs.chunk(text, TextFormat.PLAIN);
      case WINDOW -> windows.chunk(text, format);
    };
  }
}
