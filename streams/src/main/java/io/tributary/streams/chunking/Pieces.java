package io.tributary.streams.chunking;

import io.tributary.embedding.SpanMeasure;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The smallest units a chunk is packed from: whole paragraphs where they fit, else sentences,
 * else words, else hard cuts. Every piece is trimmed, measures at most {@code max}, and has
 * something to embed.
 */
final class Pieces {

  /** A span [start, end) of the source text. */
  record Span(int start, int end) {
    int length() {
      return end - start;
    }
  }

  private Pieces() {}

  static List<Span> of(String text, int from, int to, int max, SpanMeasure measure) {
    List<Span> pieces = new ArrayList<>();
    for (Span paragraph : paragraphs(text, from, to)) {
      if (measure.size(paragraph.start(), paragraph.end()) <= max) {
        addIfEmbeddable(text, paragraph, pieces);
      } else {
        for (Span sentence : sentences(text, paragraph)) {
          if (measure.size(sentence.start(), sentence.end()) <= max) {
            addIfEmbeddable(text, sentence, pieces);
          } else {
            splitWords(text, sentence, max, measure, pieces);
          }
        }
      }
    }
    return pieces;
  }

  /** Every word of [from, to) as a piece, words that measure more than {@code max} cut hard. */
  static List<Span> words(String text, int from, int to, int max, SpanMeasure measure) {
    List<Span> pieces = new ArrayList<>();
    int start = Lines.skipSpace(text, from, to);
    if (start < to) {
      splitWords(text, new Span(start, Lines.trimEnd(text, start, to)), max, measure, pieces);
    }
    return pieces;
  }

  /** Maximal runs of non-blank lines, trimmed: a blank line (only spaces) separates paragraphs. */
  static List<Span> paragraphs(String text, int from, int to) {
    List<Span> paragraphs = new ArrayList<>();
    int start = -1;
    int end = -1;
    for (int lineStart = from; lineStart < to; ) {
      int lineEnd = Math.min(Lines.end(text, lineStart), to);
      int contentStart = Lines.skipSpace(text, lineStart, lineEnd);
      if (contentStart == lineEnd) {
        if (start >= 0) {
          paragraphs.add(new Span(start, end));
          start = -1;
        }
      } else {
        start = start < 0 ? contentStart : start;
        end = Lines.trimEnd(text, contentStart, lineEnd);
      }
      lineStart = Lines.next(text, lineEnd);
    }
    if (start >= 0) {
      paragraphs.add(new Span(start, end));
    }
    return paragraphs;
  }

  /** Sentence starts (absolute offsets, at a non-space character) strictly inside {@code span}. */
  static List<Integer> sentenceStarts(String text, Span span) {
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    sentences.setText(text.substring(span.start(), span.end()));
    List<Integer> starts = new ArrayList<>();
    for (int b = sentences.next(); b != BreakIterator.DONE; b = sentences.next()) {
      int start = Lines.skipSpace(text, span.start() + b, span.end());
      if (start > span.start() && start < span.end()) {
        starts.add(start);
      }
    }
    return starts;
  }

  private static List<Span> sentences(String text, Span paragraph) {
    List<Span> sentences = new ArrayList<>();
    int start = paragraph.start();
    for (int next : sentenceStarts(text, paragraph)) {
      sentences.add(new Span(start, Lines.trimEnd(text, start, next)));
      start = next;
    }
    sentences.add(new Span(start, paragraph.end()));
    return sentences;
  }

  private static void splitWords(String text, Span sentence, int max, SpanMeasure measure, List<Span> pieces) {
    int i = sentence.start();
    while (i < sentence.end()) {
      int wordEnd = i;
      while (wordEnd < sentence.end() && !Lines.isSpace(text.charAt(wordEnd))) {
        wordEnd++;
      }
      // A "word" longer than a chunk (a URL, a base64 blob) is cut hard.
      for (int cut = i; cut < wordEnd; ) {
        int end = longestFit(text, cut, wordEnd, max, measure);
        addIfEmbeddable(text, new Span(cut, end), pieces);
        cut = end;
      }
      i = Lines.skipSpace(text, wordEnd, sentence.end());
    }
  }

  /** The largest end in (cut, limit] with [cut, end) inside {@code max}; never splits a surrogate pair. */
  private static int longestFit(String text, int cut, int limit, int max, SpanMeasure measure) {
    int lo = cut + 1;
    int hi = limit;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (measure.size(cut, mid) <= max) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int end = lo;
    if (end < limit && Character.isSurrogatePair(text.charAt(end - 1), text.charAt(end))) {
      end = end - 1 > cut ? end - 1 : end + 1;
    }
    return end;
  }

  private static void addIfEmbeddable(String text, Span span, List<Span> pieces) {
    if (hasEmbeddableContent(text, span)) {
      pieces.add(span);
    }
  }

  /**
   * Whether a BERT tokenizer keeps anything of the span: it drops spaces, control and format
   * characters (zero-width spaces), private-use and unassigned code points and U+FFFD. A span of
   * only those would reach the model as empty input, which it rejects.
   */
  static boolean hasEmbeddableContent(String text, Span span) {
    for (int i = span.start(); i < span.end(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      boolean dropped = Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0xFFFD
          || type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
          || type == Character.UNASSIGNED || type == Character.SURROGATE;
      if (!dropped) {
        return true;
      }
    }
    return false;
  }
}
