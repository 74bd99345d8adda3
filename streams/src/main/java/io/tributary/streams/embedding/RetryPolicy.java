package io.tributary.streams.embedding;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long to keep retrying a failing embedder before giving up: exponential backoff from
 * {@code initialDelay}, doubling up to {@code maxDelay}, for at most {@code budget} of waiting.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, Duration budget) {

  /**
   * Defaults that stay inside the pipeline's 60 s transaction timeout: 200 ms doubling to 5 s,
   * 40 s of waiting in all.
   */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(40));

  public RetryPolicy {
    requireNonNull(initialDelay, "initialDelay");
    requireNonNull(maxDelay, "maxDelay");
    requireNonNull(budget, "budget");
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || budget.isNegative()) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay and budget >= 0");
    }
    if (!budget.isZero() && initialDelay.isZero()) {
      // Zero delays would never use up the budget: an endless loop against a dead service.
      throw new IllegalArgumentException("a retry budget needs a positive initialDelay");
    }
  }

  /** Whether failures are retried at all. */
  public boolean retries() {
    return !budget.isZero();
  }

  /** The wait before retry number {@code attempt} (1-based). */
  public Duration delay(int attempt) {
    long millis = initialDelay.toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
  }
}
