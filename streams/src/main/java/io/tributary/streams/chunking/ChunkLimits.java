package io.tributary.streams.chunking;

import io.tributary.embedding.SpanMeasure;
import io.tributary.streams.chunking.Pieces.Span;

/** The size rules every chunker shares: valid limits and how far back an overlap may reach. */
final class ChunkLimits {

  private ChunkLimits() {}

  static void check(int maxTokens, int overlapTokens) {
    if (maxTokens < 16) {
      throw new IllegalArgumentException("max must be >= 16, was " + maxTokens);
    }
    if (overlapTokens < 0 || overlapTokens * 2 > maxTokens) {
      throw new IllegalArgumentException(
          "overlap must be between 0 and max / 2 (" + maxTokens / 2 + "), was " + overlapTokens);
    }
  }

  /**
   * The earliest offset in (previous.start, previous.end] where a chunk ending at {@code nextEnd}
   * may start: the carried-over part of {@code previous} measures at most {@code overlap} (without
   * the per-input overhead) and the whole chunk at most {@code max}. Both sizes shrink as the
   * start moves right, so a binary search finds it.
   */
  static int earliestOverlap(SpanMeasure measure, Span previous, int nextEnd, int overlap, int max) {
    int overhead = measure.size(previous.end(), previous.end());
    int lo = previous.start() + 1;
    int hi = previous.end();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      boolean fits = measure.size(mid, previous.end()) - overhead <= overlap && measure.size(mid, nextEnd) <= max;
      if (fits) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
