package io.tributary.bench.query;

import io.tributary.bench.Percentiles;

/** Latencies of one measured run: percentiles in milliseconds and requests per second. */
public record Latencies(double p50Ms, double p99Ms, double perSecond, int count) {

  /** Summarises {@code nanos} (one entry per call) measured over {@code wallNanos}. */
  static Latencies of(long[] nanos, long wallNanos) {
    Percentiles percentiles = new Percentiles(nanos);
    return new Latencies(percentiles.at(50) / 1e6, percentiles.at(99) / 1e6, nanos.length / (wallNanos / 1e9),
        nanos.length);
  }

  /** One line: p50, p99 and throughput. */
  public String format() {
    return String.format("p50 %7.2f ms  p99 %7.2f ms  %8.1f req/s", p50Ms, p99Ms, perSecond);
  }
}
