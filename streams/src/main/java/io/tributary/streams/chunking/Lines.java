package io.tributary.streams.chunking;

/** Line and whitespace helpers that accept LF, CRLF and lone CR line endings. */
final class Lines {

  private Lines() {}

  /** Offset of the line break that ends the line starting at {@code from}, or the text length. */
  static int end(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  /** Offset of the line after a line that ends at {@code lineEnd}. */
  static int next(String text, int lineEnd) {
    if (lineEnd >= text.length()) {
      return text.length();
    }
    boolean crlf = text.charAt(lineEnd) == '\r' && lineEnd + 1 < text.length() && text.charAt(lineEnd + 1) == '\n';
    return lineEnd + (crlf ? 2 : 1);
  }

  /** Whitespace including no-break spaces, which {@link Character#isWhitespace} leaves out. */
  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** The first non-space offset in [from, to), or {@code to}. */
  static int skipSpace(String text, int from, int to) {
    int i = from;
    while (i < to && isSpace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** One past the last non-space offset in [from, to), or {@code from}. */
  static int trimEnd(String text, int from, int to) {
    int i = to;
    while (i > from && isSpace(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }
}
