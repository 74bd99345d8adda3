package io.tributary.streams.embedding;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hits and misses of the embedding cache since the process started: the metric behind "never
 * pay for an embedding twice". Thread-safe; one instance per pipeline.
 */
public final class CacheStatistics {

  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  void record(long hitCount, long missCount) {
    hits.addAndGet(hitCount);
    misses.addAndGet(missCount);
  }

  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }

  /** hits / (hits + misses), 0 before the first lookup. */
  public double hitRate() {
    long h = hits.get();
    long total = h + misses.get();
    return total == 0 ? 0.0 : (double) h / total;
  }
}
