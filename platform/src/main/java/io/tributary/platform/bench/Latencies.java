package io.tributary.platform.bench;

import java.util.Arrays;

/** Latencies of one measured run: percentiles in milliseconds and requests per second. */
public record Latencies(double p50Ms, double p99Ms, double perSecond, int count) {

  /** Summarises {@code nanos} (one entry per call) measured over {@code wallNanos}. */
  static Latencies of(long[] nanos, long wallNanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latencies(percentile(sorted, 0.50), percentile(sorted, 0.99),
        sorted.length / (wallNanos / 1e9), sorted.length);
  }

  private static double percentile(long[] sorted, double p) {
    // Nearest-rank percentile: the smallest value with at least p of the samples at or below it.
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  /** One line: p50, p99 and throughput. */
  public String format() {
    return String.format("p50 %7.2f ms  p99 %7.2f ms  %8.1f req/s", p50Ms, p99Ms, perSecond);
  }
}
