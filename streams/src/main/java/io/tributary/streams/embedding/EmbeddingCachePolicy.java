package io.tributary.streams.embedding;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long the embedding cache keeps a vector nobody used: an entry unused for {@code maxAge} is
 * dropped by the sweep that runs every {@code sweepInterval}. Deleted documents' vectors go the
 * same way, so the cache holds about {@code maxAge} worth of distinct chunk texts, not everything
 * ever embedded.
 *
 * @param maxAge age (since written or last refreshed by a hit) after which a vector is dropped
 * @param sweepInterval how often each pipeline task sweeps its part of the cache
 */
public record EmbeddingCachePolicy(Duration maxAge, Duration sweepInterval) {

  /** 30 days, swept every 10 minutes. */
  public static final EmbeddingCachePolicy DEFAULT =
      new EmbeddingCachePolicy(Duration.ofDays(30), Duration.ofMinutes(10));

  public EmbeddingCachePolicy {
    requireNonNull(maxAge, "maxAge");
    requireNonNull(sweepInterval, "sweepInterval");
    if (maxAge.isNegative() || maxAge.isZero() || sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("maxAge and sweepInterval must be positive");
    }
  }
}
