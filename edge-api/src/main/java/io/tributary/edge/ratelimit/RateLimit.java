package io.tributary.edge.ratelimit;

import java.time.Duration;

/** A request rate per key: in this process ({@link RateLimiter}) or shared by every replica ({@link RedisRateLimit}). */
public interface RateLimit {

  /** Takes one request for {@code key}; returns {@link Duration#ZERO} when allowed, else how long to wait. */
  Duration acquire(String key);
}
