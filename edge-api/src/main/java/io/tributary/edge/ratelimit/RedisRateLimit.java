package io.tributary.edge.ratelimit;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token bucket per key kept in Redis, so every API replica draws from the same bucket: behind a
 * load balancer a client gets its limit once, not once per replica. One Lua script refills and
 * takes atomically, on Redis's clock (replica clocks may disagree). While Redis cannot answer
 * within the timeout, the replica's own buckets decide: limits stay, at worst N times as generous.
 */
public final class RedisRateLimit implements RateLimit {

  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimit.class);

  // KEYS[1] bucket; ARGV[1] capacity; ARGV[2] refill period in microseconds. Returns the wait in
  // microseconds (0 = taken). The bucket expires once it would be full again.
  static final String SCRIPT = """
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
      local capacity = tonumber(ARGV[1])
      local period = tonumber(ARGV[2])
      local rate = capacity / period
      local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
      local tokens = tonumber(bucket[1]) or capacity
      local at = tonumber(bucket[2]) or now
      if now > at then
        tokens = math.min(capacity, tokens + (now - at) * rate)
        at = now
      end
      local wait = 0
      if tokens >= 1 then
        tokens = tokens - 1
      else
        wait = math.ceil((1 - tokens) / rate)
      end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
      redis.call('PEXPIRE', KEYS[1], math.ceil(period / 1000) + 1000)
      return wait
      """;

  private final StatefulRedisConnection<String, String> redis;
  private final String prefix;
  private final int capacity;
  private final Duration timeout;
  private final RateLimit fallback;

  /**
   * @param prefix key prefix of this scope's buckets, e.g. {@code tributary:ratelimit:subject:}
   * @param fallback the limit that decides while Redis does not answer
   */
  public RedisRateLimit(StatefulRedisConnection<String, String> redis, String prefix, int perMinute,
      Duration timeout, RateLimit fallback) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be >= 1, was " + perMinute);
    }
    this.redis = requireNonNull(redis, "redis");
    this.prefix = requireNonNull(prefix, "prefix");
    this.capacity = perMinute;
    this.timeout = requireNonNull(timeout, "timeout");
    this.fallback = requireNonNull(fallback, "fallback");
  }

  @Override
  public Duration acquire(String key) {
    try {
      Long waitMicros = redis.async().<Long>eval(SCRIPT, ScriptOutputType.INTEGER, new String[] {prefix + key},
              Integer.toString(capacity), Long.toString(Duration.ofMinutes(1).toNanos() / 1000))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Duration.ofNanos(waitMicros * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback.acquire(key);
    } catch (Exception e) {
      LOG.debug("rate limit in Redis unavailable, using this replica's buckets: {}", e.toString());
      return fallback.acquire(key);
    }
  }
}
