package io.tributary.streams.embedding;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long to keep retrying a failing embedder before giving up: exponential backoff from
 * {@code initialDelay}, doubling up to {@code maxDelay}, for at most {@code budget} of waiting.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, Duration budget) {

  /**
   * Defaults that stay inside the pipeline's default 60 s transaction timeout: 200 ms doubling to
   * 5 s, 40 s of waiting in all.
   */
  public static final RetryPolicy DEFAULT = within(Duration.ofSeconds(60));

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

  /**
   * Retries that leave a third of {@code transactionTimeout} for the rest of the transaction's
   * work, so that waiting out an outage does not get the open transaction aborted: 200 ms doubling
   * to at most 5 s (less for short timeouts), two thirds of the timeout in all.
   */
  public static RetryPolicy within(Duration transactionTimeout) {
    Duration budget = transactionTimeout.multipliedBy(2).dividedBy(3);
    Duration maxDelay = budget.dividedBy(4).compareTo(Duration.ofSeconds(5)) < 0
        ? budget.dividedBy(4) : Duration.ofSeconds(5);
    Duration initialDelay = maxDelay.compareTo(Duration.ofMillis(200)) < 0 ? maxDelay : Duration.ofMillis(200);
    return new RetryPolicy(initialDelay, maxDelay, budget);
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
