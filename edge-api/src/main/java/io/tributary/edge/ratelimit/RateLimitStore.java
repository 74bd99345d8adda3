package io.tributary.edge.ratelimit;

/** Where the API keeps its rate-limit buckets: one {@link RateLimit} per scope (client address, subject). */
@FunctionalInterface
public interface RateLimitStore {

  /** The limit of {@code perMinute} requests per key and minute for {@code scope}. */
  RateLimit limit(String scope, int perMinute);

  /** Buckets in this process: right for one replica, N times too generous behind a load balancer. */
  static RateLimitStore inProcess() {
    return (scope, perMinute) -> new RateLimiter(perMinute, System::nanoTime);
  }
}
