package io.tributary.streams.chunking;

import static java.util.Objects.requireNonNull;

import io.tributary.streams.chunking.Pieces.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs consecutive paragraphs into chunks of at most {@code maxChars} characters; a paragraph
 * larger than that is split at sentence, then word boundaries. Each chunk after the first of a
 * section starts up to {@code overlapChars} before the end of the previous one, at a sentence
 * start where one fits, else at a word start. Markdown headings start a new section and give
 * the chunks below them their heading path; heading lines are not chunk text.
 *
 * <p>Sizes are in UTF-16 characters, not tokens: the defaults keep English prose well inside
 * MiniLM's 128-token window (about 80 word pieces per 400 characters). Token-exact limits need
 * the embedder's tokenizer and are a later refinement. Stateless and thread-safe.
 */
public final class ParagraphChunker implements Chunker {

  /** Default chunk size: ~65 English words, ~80 word pieces. */
  public static final int DEFAULT_MAX_CHARS = 400;

  /** Default overlap: about one short sentence of context carried into the next chunk. */
  public static final int DEFAULT_OVERLAP_CHARS = 80;

  private final int maxChars;
  private final int overlapChars;

  /**
   * @param maxChars upper bound of a chunk's length, at least 16
   * @param overlapChars upper bound of the overlap between consecutive chunks, at most half of
   *     {@code maxChars} (more would embed most text twice)
   */
  public ParagraphChunker(int maxChars, int overlapChars) {
    if (maxChars < 16) {
      throw new IllegalArgumentException("maxChars must be >= 16, was " + maxChars);
    }
    if (overlapChars < 0 || overlapChars * 2 > maxChars) {
      throw new IllegalArgumentException(
          "overlapChars must be between 0 and maxChars / 2 (" + maxChars / 2 + "), was " + overlapChars);
    }
    this.maxChars = maxChars;
    this.overlapChars = overlapChars;
  }

  /** A chunker with {@link #DEFAULT_MAX_CHARS} and {@link #DEFAULT_OVERLAP_CHARS}. */
  public static ParagraphChunker defaults() {
    return new ParagraphChunker(DEFAULT_MAX_CHARS, DEFAULT_OVERLAP_CHARS);
  }

  public int maxChars() {
    return maxChars;
  }

  public int overlapChars() {
    return overlapChars;
  }

  @Override
  public List<Chunk> chunk(String text, TextFormat format) {
    requireNonNull(text, "text");
    requireNonNull(format, "format");
    List<Chunk> chunks = new ArrayList<>();
    for (Section section : Section.of(text, format)) {
      pack(text, section, chunks);
    }
    return List.copyOf(chunks);
  }

  private void pack(String text, Section section, List<Chunk> chunks) {
    List<Span> pieces = Pieces.of(text, section.start(), section.end(), maxChars);
    Span previous = null;
    int i = 0;
    while (i < pieces.size()) {
      int start = previous == null ? pieces.get(i).start() : overlapStart(text, previous, pieces.get(i));
      int end = pieces.get(i).end();
      i++;
      while (i < pieces.size() && pieces.get(i).end() - start <= maxChars) {
        end = pieces.get(i).end();
        i++;
      }
      chunks.add(new Chunk(chunks.size(), text.substring(start, end), section.headingPath(), start, end));
      previous = new Span(start, end);
    }
  }

  /**
   * Where the chunk that begins with {@code next} starts: inside {@code previous} by at most
   * {@code overlapChars}, never so early that {@code next} would not fit, and never at the start
   * of {@code previous} (the new chunk must not contain the whole previous one).
   */
  private int overlapStart(String text, Span previous, Span next) {
    int earliest = Math.max(Math.max(previous.end() - overlapChars, next.end() - maxChars), previous.start() + 1);
    if (overlapChars == 0 || earliest >= previous.end()) {
      return next.start();
    }
    for (int sentenceStart : Pieces.sentenceStarts(text, previous)) {
      if (sentenceStart >= earliest) {
        return sentenceStart;
      }
    }
    for (int i = earliest; i < previous.end(); i++) {
      if (!Lines.isSpace(text.charAt(i)) && Lines.isSpace(text.charAt(i - 1))) {
        return i;
      }
    }
    return next.start();
  }
}
