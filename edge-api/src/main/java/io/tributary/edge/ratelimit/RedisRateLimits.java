package io.tributary.edge.ratelimit;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/** Rate limits shared by every API replica through Redis, under {@code <namespace>:ratelimit:<scope>:}. */
public final class RedisRateLimits implements RateLimitStore {

  private final StatefulRedisConnection<String, String> redis;
  private final String namespace;
  private final Duration timeout;

  public RedisRateLimits(StatefulRedisConnection<String, String> redis, String namespace, Duration timeout) {
    this.redis = requireNonNull(redis, "redis");
    this.namespace = requireNonNull(namespace, "namespace");
    this.timeout = requireNonNull(timeout, "timeout");
  }

  @Override
  public RateLimit limit(String scope, int perMinute) {
    String prefix = namespace + ":ratelimit:" + scope.replace(' ', '-') + ":";
    return new RedisRateLimit(redis, prefix, perMinute, timeout, new RateLimiter(perMinute, System::nanoTime));
  }
}
