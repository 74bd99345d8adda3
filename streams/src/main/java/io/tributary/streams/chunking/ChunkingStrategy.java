package io.tributary.streams.chunking;

import java.util.Locale;
import java.util.Optional;

/**
 * How a document is cut into chunks; a producer may name one in the {@code chunking} field of
 * {@code docs.submitted.v1}, otherwise the content type decides ({@link #defaultFor}).
 */
public enum ChunkingStrategy {
  /** Sections by Markdown headings, each chunk carrying its heading path; paragraphs packed inside a section. */
  MARKDOWN,
  /** Consecutive paragraphs packed up to the limit; '#' lines are ordinary text. */
  PARAGRAPH,
  /** Fixed token windows over the words, with overlap; structure ignored. */
  WINDOW;

  /** The wire name, as in the {@code chunking} field: {@code markdown}, {@code paragraph}, {@code window}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The strategy of a wire name; empty for an unknown one. */
  public static Optional<ChunkingStrategy> ofWireName(String name) {
    for (ChunkingStrategy strategy : values()) {
      if (strategy.wireName().equals(name)) {
        return Optional.of(strategy);
      }
    }
    return Optional.empty();
  }

  /** The strategy for text of {@code format} when the producer names none. */
  public static ChunkingStrategy defaultFor(TextFormat format) {
    return format == TextFormat.MARKDOWN ? MARKDOWN : PARAGRAPH;
  }
}
