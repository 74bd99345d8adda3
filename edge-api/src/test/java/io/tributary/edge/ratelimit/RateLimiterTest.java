package io.tributary.edge.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RateLimiter limiter = new RateLimiter(60, now::get);

  @Test
  void shouldAllowABurstUpToTheLimitThenSayHowLongToWait() {
    for (int i = 0; i < 60; i++) {
      assertThat(limiter.acquire("alice")).as("request " + i).isZero();
    }

    Duration wait = limiter.acquire("alice");

    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldRefillAtTheConfiguredRate() {
    for (int i = 0; i < 60; i++) {
      limiter.acquire("alice");
    }

    now.addAndGet(Duration.ofSeconds(2).toNanos());

    assertThat(limiter.acquire("alice")).isZero();
    assertThat(limiter.acquire("alice")).isZero();
    assertThat(limiter.acquire("alice")).isPositive();
  }

  @Test
  void shouldKeepKeysApart() {
    for (int i = 0; i < 60; i++) {
      limiter.acquire("alice");
    }

    assertThat(limiter.acquire("alice")).isPositive();
    assertThat(limiter.acquire("bob")).isZero();
  }
}
