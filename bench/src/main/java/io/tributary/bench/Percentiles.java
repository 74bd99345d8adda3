package io.tributary.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of samples: the smallest value with at least p % of them at or below it. */
public final class Percentiles {

  private final long[] sorted;

  public Percentiles(long[] samples) {
    this.sorted = samples.clone();
    Arrays.sort(sorted);
  }

  /** The {@code p}-th percentile (0 < p <= 100); 0 without samples. */
  public long at(double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
