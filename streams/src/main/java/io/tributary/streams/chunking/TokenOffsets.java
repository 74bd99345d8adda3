package io.tributary.streams.chunking;

import io.tributary.embedding.SpanMeasure;

/**
 * A {@link SpanMeasure} from a tokenizer's output: the character span of every non-special token
 * of the whole text, in order, plus the special tokens every input gets.
 *
 * <p>A span counts the tokens it overlaps. A span boundary inside a word (a hard cut through a
 * long word) counts one more token per cut side, since the model re-tokenizes the fragment and a
 * word cut in two can become more pieces than it had.
 */
public final class TokenOffsets implements SpanMeasure {

  private final int[] starts;
  private final int[] ends;
  private final int specialTokens;
  private final String text;

  /**
   * @param starts UTF-16 offset of each token's first character, non-decreasing
   * @param ends UTF-16 offset one past each token's last character, non-decreasing
   * @param specialTokens tokens added to every input ([CLS], [SEP])
   * @param text the tokenized text
   */
  public TokenOffsets(int[] starts, int[] ends, int specialTokens, String text) {
    if (starts.length != ends.length) {
      throw new IllegalArgumentException("starts and ends differ in length");
    }
    this.starts = starts.clone();
    this.ends = ends.clone();
    this.specialTokens = specialTokens;
    this.text = text;
  }

  /**
   * Offsets from a tokenizer that counts Unicode code points (Rust's {@code char}), converted to
   * the UTF-16 offsets {@link String} uses.
   */
  public static TokenOffsets fromCodePoints(int[] starts, int[] ends, int specialTokens, String text) {
    if (text.length() == text.codePointCount(0, text.length())) {
      return new TokenOffsets(starts, ends, specialTokens, text);
    }
    int[] utf16 = new int[text.codePointCount(0, text.length()) + 1];
    for (int cp = 0, i = 0; i < text.length(); cp++) {
      utf16[cp] = i;
      i += Character.charCount(text.codePointAt(i));
      utf16[cp + 1] = i;
    }
    int[] s = new int[starts.length];
    int[] e = new int[ends.length];
    for (int k = 0; k < starts.length; k++) {
      s[k] = utf16[Math.min(starts[k], utf16.length - 1)];
      e[k] = utf16[Math.min(ends[k], utf16.length - 1)];
    }
    return new TokenOffsets(s, e, specialTokens, text);
  }

  /** Tokens of the text without overhead. */
  public int tokens() {
    return starts.length;
  }

  @Override
  public int size(int start, int end) {
    if (end <= start) {
      return specialTokens;
    }
    int first = firstEndingAfter(start);
    int last = firstStartingAtOrAfter(end);
    int count = Math.max(0, last - first);
    if (count > 0 && insideWord(start)) {
      count++;
    }
    if (count > 0 && insideWord(end)) {
      count++;
    }
    return count + specialTokens;
  }

  private boolean insideWord(int offset) {
    return offset > 0 && offset < text.length()
        && !Character.isWhitespace(text.charAt(offset - 1)) && !Character.isWhitespace(text.charAt(offset));
  }

  private int firstEndingAfter(int offset) {
    int lo = 0;
    int hi = ends.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ends[mid] > offset) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private int firstStartingAtOrAfter(int offset) {
    int lo = 0;
    int hi = starts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (starts[mid] >= offset) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
