package io.tributary.edge.ratelimit;

/**
 * A token bucket: {@code capacity} requests at once, refilled continuously at
 * {@code capacity} per {@code periodNanos}. Not thread-safe on its own; {@link RateLimiter} locks it.
 */
final class TokenBucket {

  private final double capacity;
  private final double tokensPerNano;
  private double tokens;
  private long updatedNanos;

  TokenBucket(int capacity, long periodNanos, long nowNanos) {
    this.capacity = capacity;
    this.tokensPerNano = capacity / (double) periodNanos;
    this.tokens = capacity;
    this.updatedNanos = nowNanos;
  }

  /** Takes one token; returns 0 when it did, else the nanoseconds until one is available. */
  long take(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return 0;
    }
    return (long) Math.ceil((1.0 - tokens) / tokensPerNano);
  }

  /** True when the bucket is full again, i.e. forgetting it changes nothing. */
  boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - updatedNanos;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
      updatedNanos = nowNanos;
    }
  }
}
