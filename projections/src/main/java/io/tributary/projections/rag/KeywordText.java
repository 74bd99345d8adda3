package io.tributary.projections.rag;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A keyword query split into the words any of which a chunk may match and the {@code -word} or
 * {@code -"a phrase"} exclusions none of which it may hold. Matching any word by turning the
 * websearch query's {@code &} into {@code |} would also turn {@code python & !snake} into
 * {@code python | !snake}: every chunk without "snake" would match.
 *
 * @param positive the query without its exclusions (websearch syntax)
 * @param excluded the exclusions joined by {@code or}, each quoted (websearch syntax); empty when none
 */
record KeywordText(String positive, String excluded) {

  KeywordText {
    requireNonNull(positive, "positive");
    requireNonNull(excluded, "excluded");
  }

  /** Splits {@code text}: a {@code -} before a word or a quoted phrase excludes it, as in websearch syntax. */
  static KeywordText parse(String text) {
    List<String> kept = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      if (Character.isWhitespace(text.charAt(i))) {
        i++;
        continue;
      }
      // "-word" and "-\"a phrase\"" exclude; "-22" and "--dry-run" are a number and an option, not
      // exclusions, and lose their dashes so that websearch_to_tsquery does not negate them either.
      boolean negated = text.charAt(i) == '-' && i + 1 < n
          && (Character.isLetter(text.charAt(i + 1)) || text.charAt(i + 1) == '"');
      int start = i;
      if (negated) {
        start = i + 1;
      } else {
        while (start < n - 1 && text.charAt(start) == '-' && !Character.isWhitespace(text.charAt(start + 1))) {
          start++;
        }
      }
      int end;
      if (start < n && text.charAt(start) == '"') {
        int close = text.indexOf('"', start + 1);
        end = close < 0 ? n : close + 1;
      } else {
        end = start;
        while (end < n && !Character.isWhitespace(text.charAt(end))) {
          end++;
        }
      }
      String token = text.substring(start, end);
      if (negated) {
        String phrase = token.replace("\"", "").strip();
        if (!phrase.isEmpty()) {
          excluded.add('"' + phrase + '"');
        }
      } else {
        kept.add(token);
      }
      i = end;
    }
    return new KeywordText(String.join(" ", kept), String.join(" or ", excluded));
  }

  /** Whether the query excludes anything. */
  boolean excludes() {
    return !excluded.isEmpty();
  }
}
