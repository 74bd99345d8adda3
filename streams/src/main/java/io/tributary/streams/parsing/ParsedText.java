package io.tributary.streams.parsing;

import static java.util.Objects.requireNonNull;

import io.tributary.streams.chunking.TextFormat;
import java.util.List;

/**
 * The text of a document ready for chunking: the submitted text itself, or what was extracted
 * from HTML or PDF. Chunk offsets refer to {@link #text}.
 *
 * @param pages spans of {@link #text} per page, in order, for paged sources (PDF); empty otherwise
 */
public record ParsedText(String text, TextFormat format, List<Page> pages) {

  /** One page of a paged source: its 1-based number and its span [start, end) of the text. */
  public record Page(int number, int start, int end) {}

  public ParsedText {
    requireNonNull(text, "text");
    requireNonNull(format, "format");
    pages = List.copyOf(requireNonNull(pages, "pages"));
  }

  /** Unpaged text. */
  public static ParsedText of(String text, TextFormat format) {
    return new ParsedText(text, format, List.of());
  }
}
