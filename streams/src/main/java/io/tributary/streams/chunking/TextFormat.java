package io.tributary.streams.chunking;

/**
 * The text formats the chunkers understand; {@code io.tributary.streams.parsing.ContentParser}
 * derives one from a document's content type.
 */
public enum TextFormat {
  /** Paragraphs only. */
  PLAIN,
  /** Paragraphs, plus ATX headings ({@code #} .. {@code ######}) for provenance. */
  MARKDOWN
}
