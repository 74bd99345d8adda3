package io.tributary.edge.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Redis token bucket: refill on Redis's clock, expiry, and the fallback while Redis cannot answer. */
@Tag("integration")
@ExtendWith(EmbeddedRedisExtension.class)
class RedisRateLimitTest {

  private final AtomicLong now = new AtomicLong();

  @Test
  void shouldAllowABurstOfTheLimitThenSayHowLongToWait(EmbeddedRedis redis) {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      String prefix = "test-" + UUID.randomUUID() + ":";
      RedisRateLimit limit = new RedisRateLimit(connection, prefix, 60, Duration.ofSeconds(5),
          new RateLimiter(60, now::get));

      for (int i = 0; i < 60; i++) {
        assertThat(limit.acquire("k")).as("request " + i).isZero();
      }
      Duration wait = limit.acquire("k");

      // One token per second refills: the 61st request waits up to a second.
      assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(limit.acquire("other")).isZero();
      long ttl = connection.sync().pttl(prefix + "k");
      assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(61).toMillis());
    } finally {
      client.shutdown();
    }
  }

  @Test
  void shouldFallBackToTheReplicasOwnBucketsWhileRedisCannotAnswer(EmbeddedRedis redis) {
    RedisClient client = RedisClient.create(redis.uri());
    try {
      StatefulRedisConnection<String, String> connection = client.connect();
      RedisRateLimit limit = new RedisRateLimit(connection, "test-" + UUID.randomUUID() + ":", 2,
          Duration.ofSeconds(1), new RateLimiter(2, now::get));
      connection.close();

      assertThat(limit.acquire("k")).isZero();
      assertThat(limit.acquire("k")).isZero();
      assertThat(limit.acquire("k")).as("the local bucket still limits").isPositive();
    } finally {
      client.shutdown();
    }
  }
}
