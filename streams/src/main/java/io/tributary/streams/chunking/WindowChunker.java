package io.tributary.streams.chunking;

import io.tributary.embedding.SpanMeasure;
import io.tributary.embedding.TokenCounter;
import static java.util.Objects.requireNonNull;

import io.tributary.streams.chunking.Pieces.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed windows of at most {@code maxTokens} over the words of the text, ignoring paragraphs and
 * headings; each window after the first repeats the last words of the previous one, up to
 * {@code overlapTokens}. Windows start and end at word boundaries; a word larger than a window is
 * cut hard. For text without usable structure (logs, transcripts, extracted tables). Stateless
 * and thread-safe.
 */
public final class WindowChunker implements Chunker {

  private final int maxTokens;
  private final int overlapTokens;
  private final TokenCounter counter;

  /**
   * @param maxTokens upper bound of a window's size, at least 16, overhead included
   * @param overlapTokens upper bound of the words repeated from the previous window, at most half
   *     of {@code maxTokens}
   */
  public WindowChunker(int maxTokens, int overlapTokens, TokenCounter counter) {
    ChunkLimits.check(maxTokens, overlapTokens);
    this.maxTokens = maxTokens;
    this.overlapTokens = overlapTokens;
    this.counter = requireNonNull(counter, "counter");
  }

  @Override
  public List<Chunk> chunk(String text, TextFormat format) {
    requireNonNull(text, "text");
    requireNonNull(format, "format");
    SpanMeasure measure = counter.measure(text);
    List<Span> words = Pieces.words(text, 0, text.length(), maxTokens, measure);
    List<Chunk> chunks = new ArrayList<>();
    int first = 0;
    while (first < words.size()) {
      int last = first;
      while (last + 1 < words.size() && measure.size(words.get(first).start(), words.get(last + 1).end()) <= maxTokens) {
        last++;
      }
      int start = words.get(first).start();
      int end = words.get(last).end();
      chunks.add(new Chunk(chunks.size(), text.substring(start, end), List.of(), start, end));
      first = last + 1 >= words.size() ? words.size() : nextFirst(words, measure, first, last);
    }
    return List.copyOf(chunks);
  }

  /** The first word of the next window: the earliest word after {@code first} whose tail fits the overlap. */
  private int nextFirst(List<Span> words, SpanMeasure measure, int first, int last) {
    if (overlapTokens == 0) {
      return last + 1;
    }
    int overhead = measure.size(0, 0);
    for (int k = first + 1; k <= last; k++) {
      boolean overlapFits = measure.size(words.get(k).start(), words.get(last).end()) - overhead <= overlapTokens;
      boolean nextFits = measure.size(words.get(k).start(), words.get(last + 1).end()) <= maxTokens;
      if (overlapFits && nextFits) {
        return k;
      }
    }
    return last + 1;
  }
}
