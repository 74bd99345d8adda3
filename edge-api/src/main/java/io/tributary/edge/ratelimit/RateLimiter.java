package io.tributary.edge.ratelimit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a client address or a token subject), in this process. Buckets that
 * refilled completely are forgotten when the map grows, so memory follows the number of active
 * keys. {@link RedisRateLimit} falls back to it while Redis cannot answer.
 */
public final class RateLimiter implements RateLimit {

  private static final int SWEEP_ABOVE = 10_000;

  private final int perMinute;
  private final LongSupplier nanoTime;
  private final Map<String, TokenBucket> buckets = new HashMap<>();

  /** {@code perMinute} requests per key and minute, with bursts up to the same number. */
  public RateLimiter(int perMinute, LongSupplier nanoTime) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be >= 1, was " + perMinute);
    }
    this.perMinute = perMinute;
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  @Override
  public synchronized Duration acquire(String key) {
    long now = nanoTime.getAsLong();
    if (buckets.size() > SWEEP_ABOVE) {
      buckets.values().removeIf(bucket -> bucket.isFull(now));
    }
    TokenBucket bucket =
        buckets.computeIfAbsent(key, k -> new TokenBucket(perMinute, Duration.ofMinutes(1).toNanos(), now));
    return Duration.ofNanos(bucket.take(now));
  }
}
