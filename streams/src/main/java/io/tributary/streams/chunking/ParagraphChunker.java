package io.tributary.streams.chunking;

import io.tributary.embedding.SpanMeasure;
import io.tributary.embedding.TokenCounter;
import static java.util.Objects.requireNonNull;

import io.tributary.streams.chunking.Pieces.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs consecutive paragraphs into chunks of at most {@code maxTokens}; a paragraph larger than
 * that is split at sentence, then word boundaries. Each chunk after the first of a section starts
 * up to {@code overlapTokens} before the end of the previous one, at a sentence start where one
 * fits, else at a word start. With {@link TextFormat#MARKDOWN}, ATX headings start a new section
 * and give the chunks below them their heading path; heading lines are not chunk text.
 *
 * <p>Sizes are measured by a {@link TokenCounter}: the embedding model's own tokenizer in
 * production, so no chunk exceeds the model's window; {@link TokenCounter#characters} makes them
 * UTF-16 characters. Stateless and thread-safe.
 */
public final class ParagraphChunker implements Chunker {

  /** Default chunk size in characters: ~65 English words, ~80 word pieces. */
  public static final int DEFAULT_MAX_CHARS = 400;

  /** Default overlap in characters: about one short sentence of context carried into the next chunk. */
  public static final int DEFAULT_OVERLAP_CHARS = 80;

  private final int maxTokens;
  private final int overlapTokens;
  private final TokenCounter counter;

  /** A chunker that measures in characters (see {@link TokenCounter#characters}). */
  public ParagraphChunker(int maxChars, int overlapChars) {
    this(maxChars, overlapChars, TokenCounter.characters(maxChars));
  }

  /**
   * @param maxTokens upper bound of a chunk's size, at least 16, overhead included
   * @param overlapTokens upper bound of the overlap between consecutive chunks, at most half of
   *     {@code maxTokens} (more would embed most text twice)
   * @param counter how sizes are measured
   */
  public ParagraphChunker(int maxTokens, int overlapTokens, TokenCounter counter) {
    ChunkLimits.check(maxTokens, overlapTokens);
    this.maxTokens = maxTokens;
    this.overlapTokens = overlapTokens;
    this.counter = requireNonNull(counter, "counter");
  }

  /** A chunker with {@link #DEFAULT_MAX_CHARS} and {@link #DEFAULT_OVERLAP_CHARS}, in characters. */
  public static ParagraphChunker defaults() {
    return new ParagraphChunker(DEFAULT_MAX_CHARS, DEFAULT_OVERLAP_CHARS);
  }

  public int maxTokens() {
    return maxTokens;
  }

  public int overlapTokens() {
    return overlapTokens;
  }

  @Override
  public List<Chunk> chunk(String text, TextFormat format) {
    requireNonNull(text, "text");
    requireNonNull(format, "format");
    SpanMeasure measure = counter.measure(text);
    List<Chunk> chunks = new ArrayList<>();
    for (Section section : Section.of(text, format)) {
      pack(text, section, measure, chunks);
    }
    return List.copyOf(chunks);
  }

  private void pack(String text, Section section, SpanMeasure measure, List<Chunk> chunks) {
    List<Span> pieces = Pieces.of(text, section.start(), section.end(), maxTokens, measure);
    Span previous = null;
    int i = 0;
    while (i < pieces.size()) {
      int start = previous == null
          ? pieces.get(i).start()
          : overlapStart(text, measure, previous, pieces.get(i));
      int end = pieces.get(i).end();
      i++;
      while (i < pieces.size() && measure.size(start, pieces.get(i).end()) <= maxTokens) {
        end = pieces.get(i).end();
        i++;
      }
      chunks.add(new Chunk(chunks.size(), text.substring(start, end), section.headingPath(), start, end));
      previous = new Span(start, end);
    }
  }

  /**
   * Where the chunk that begins with {@code next} starts: inside {@code previous} by at most
   * {@code overlapTokens}, never so early that {@code next} would not fit, and never at the start
   * of {@code previous} (the new chunk must not contain the whole previous one).
   */
  private int overlapStart(String text, SpanMeasure measure, Span previous, Span next) {
    if (overlapTokens == 0) {
      return next.start();
    }
    int earliest = ChunkLimits.earliestOverlap(measure, previous, next.end(), overlapTokens, maxTokens);
    if (earliest >= previous.end()) {
      return next.start();
    }
    for (int sentenceStart : Pieces.sentenceStarts(text, previous)) {
      if (sentenceStart >= earliest) {
        return sentenceStart;
      }
    }
    for (int i = Math.max(earliest, 1); i < previous.end(); i++) {
      if (!Lines.isSpace(text.charAt(i)) && Lines.isSpace(text.charAt(i - 1))) {
        return i;
      }
    }
    return next.start();
  }
}
