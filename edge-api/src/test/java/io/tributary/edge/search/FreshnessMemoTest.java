package io.tributary.edge.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.projections.freshness.Freshness;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FreshnessMemoTest {

  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong now = new AtomicLong();
  private final AtomicBoolean failing = new AtomicBoolean();
  // Background renewals run when the test says so.
  private final Queue<Runnable> renewals = new ArrayDeque<>();

  private Freshness read() {
    if (failing.get()) {
      throw new IllegalStateException("postgres is down");
    }
    return new Freshness(1, reads.incrementAndGet(), null);
  }

  private FreshnessMemo memo(Duration maxAge) {
    return new FreshnessMemo(this::read, maxAge, now::get, renewals::add);
  }

  private void advance(long millis) {
    now.addAndGet(Duration.ofMillis(millis).toNanos());
  }

  @Test
  void shouldReuseAReadWithoutRenewingItWhileItIsYoungerThanHalfTheMaxAge() {
    FreshnessMemo memo = memo(Duration.ofMillis(100));

    long first = memo.current().position();
    advance(49);
    long reused = memo.current().position();

    assertThat(first).isEqualTo(1);
    assertThat(reused).isEqualTo(1);
    assertThat(renewals).isEmpty();
  }

  @Test
  void shouldRenewInTheBackgroundOncePastHalfTheMaxAgeAndServeTheOldReadMeanwhile() {
    FreshnessMemo memo = memo(Duration.ofMillis(100));
    memo.current();
    advance(60);

    long whileRenewing = memo.current().position();
    memo.current();
    assertThat(renewals).as("one renewal, however many requests").hasSize(1);
    renewals.poll().run();
    long afterRenewal = memo.current().position();

    assertThat(whileRenewing).isEqualTo(1);
    assertThat(afterRenewal).isEqualTo(2);
    assertThat(reads.get()).isEqualTo(2);
  }

  @Test
  void shouldReadOnTheRequestThreadOnceTheReadIsOlderThanTheMaxAge() {
    FreshnessMemo memo = memo(Duration.ofMillis(100));
    memo.current();
    advance(100);

    long renewed = memo.current().position();

    assertThat(renewed).isEqualTo(2);
    assertThat(renewals).isEmpty();
  }

  @Test
  void shouldAnswerTheErrorOnTheRequestThreadWhenABackgroundRenewalFailed() {
    FreshnessMemo memo = memo(Duration.ofMillis(100));
    memo.current();
    advance(60);
    memo.current();
    failing.set(true);
    renewals.poll().run();

    advance(40);

    assertThatThrownBy(memo::current).hasMessageContaining("postgres is down");
  }

  @Test
  void shouldReadEveryTimeWithAZeroMaxAge() {
    FreshnessMemo memo = memo(Duration.ZERO);

    memo.current();
    memo.current();

    assertThat(reads.get()).isEqualTo(2);
    assertThat(renewals).isEmpty();
  }
}
