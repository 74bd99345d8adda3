package io.tributary.streams.chunking;

import java.util.Locale;
import java.util.Optional;

/** The text formats the chunkers understand, derived from a document's content type. */
public enum TextFormat {
  /** {@code text/plain}: paragraphs only. */
  PLAIN,
  /** {@code text/markdown}: paragraphs, plus ATX headings ({@code #} .. {@code ######}) for provenance. */
  MARKDOWN;

  /**
   * The format of a MIME content type such as {@code text/markdown; charset=utf-8}; empty when no
   * chunker handles it. Parameters are ignored: the text has already been decoded.
   */
  public static Optional<TextFormat> ofContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    int semicolon = contentType.indexOf(';');
    String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
    return switch (essence) {
      case "text/plain" -> Optional.of(PLAIN);
      case "text/markdown", "text/x-markdown" -> Optional.of(MARKDOWN);
      default -> Optional.empty();
    };
  }
}
