package io.tributary.edge.search;

/**
 * Forecasts whether the next search will miss the cache, from the share of recent lookups that
 * missed. When misses are the rule (distinct questions, or a read model that just changed), a
 * search embeds its query while its lookup is in flight instead of after it; when hits are the
 * rule, it waits for the lookup and embeds nothing it does not need.
 *
 * <p>The share is a moving average over roughly the last {@value #WINDOW} lookups. Updates from
 * concurrent requests may overwrite each other; an estimate loses nothing by that.
 */
final class MissForecast {

  static final int WINDOW = 16;
  private static final double WEIGHT = 1.0 / WINDOW;

  private volatile double missShare;

  /** True when most recent lookups missed. A new process starts out expecting hits. */
  boolean expectMiss() {
    return missShare > 0.5;
  }

  /** Records the outcome of one lookup. */
  void record(boolean hit) {
    double share = missShare;
    missShare = share + ((hit ? 0.0 : 1.0) - share) * WEIGHT;
  }
}
