package io.tributary.edge.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.projections.freshness.Freshness;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FreshnessMemoTest {

  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong now = new AtomicLong();

  private Freshness read() {
    return new Freshness(1, reads.incrementAndGet(), null);
  }

  @Test
  void shouldReuseAReadUntilItIsOlderThanTheMaxAge() {
    FreshnessMemo memo = new FreshnessMemo(this::read, Duration.ofMillis(100), now::get);

    long first = memo.current().position();
    now.addAndGet(Duration.ofMillis(99).toNanos());
    long reused = memo.current().position();
    now.addAndGet(Duration.ofMillis(1).toNanos());
    long renewed = memo.current().position();

    assertThat(first).isEqualTo(1);
    assertThat(reused).isEqualTo(1);
    assertThat(renewed).isEqualTo(2);
  }

  @Test
  void shouldReadEveryTimeWithAZeroMaxAge() {
    FreshnessMemo memo = new FreshnessMemo(this::read, Duration.ZERO, now::get);

    memo.current();
    memo.current();

    assertThat(reads.get()).isEqualTo(2);
  }
}
