package io.tributary.embedding;

/**
 * Counts text the way an embedding model does, so that chunk limits are in the model's own
 * tokens rather than characters. Implementations are thread-safe.
 */
public interface TokenCounter {

  /** A measure of spans of {@code text}; tokenizes {@code text} once. */
  SpanMeasure measure(String text);

  /** Tokens of one input the model reads whole (its window), overhead included; more is cut off. */
  int windowTokens();

  /**
   * One token per UTF-16 character and no overhead: a model-free measure for embedders that
   * do not expose their tokenizer, and for tests that reason in characters.
   */
  static TokenCounter characters(int windowChars) {
    if (windowChars < 1) {
      throw new IllegalArgumentException("windowChars must be >= 1, was " + windowChars);
    }
    return new TokenCounter() {
      @Override
      public SpanMeasure measure(String text) {
        return (start, end) -> end - start;
      }

      @Override
      public int windowTokens() {
        return windowChars;
      }
    };
  }
}
