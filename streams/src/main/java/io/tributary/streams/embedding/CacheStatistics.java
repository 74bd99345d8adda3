package io.tributary.streams.embedding;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hits and misses of the embedding cache since the process started: the metric behind "never
 * pay for an embedding twice". Thread-safe; one instance per pipeline.
 */
public final class CacheStatistics {

  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();
  private final java.util.concurrent.ConcurrentHashMap<Object, Long> entriesBySweeper =
      new java.util.concurrent.ConcurrentHashMap<>();

  void record(long hitCount, long missCount) {
    hits.addAndGet(hitCount);
    misses.addAndGet(missCount);
  }

  /** A sweep of one task's store dropped {@code evicted} entries and kept {@code kept}. */
  void swept(Object sweeper, long evicted, long kept) {
    evictions.addAndGet(evicted);
    entriesBySweeper.put(sweeper, kept);
  }

  /** Entries dropped by sweeps since the process started. */
  public long evictions() {
    return evictions.get();
  }

  /** Entries the latest sweep of each task's store kept: the cache's size as of its last sweeps. */
  public long entries() {
    return entriesBySweeper.values().stream().mapToLong(Long::longValue).sum();
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
