package io.tributary.streams.embedding;

import io.tributary.embedding.Embedder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryingEmbedderTest {

  /** Fails a given number of calls, then returns one unit vector per text. */
  private static final class FlakyEmbedder implements Embedder {
    private int failures;
    int calls;

    FlakyEmbedder(int failures) {
      this.failures = failures;
    }

    @Override
    public String modelId() {
      return "flaky";
    }

    @Override
    public int dimensions() {
      return 1;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      calls++;
      if (failures-- > 0) {
        throw new IllegalStateException("down");
      }
      return texts.stream().map(t -> new float[] {1f}).toList();
    }
  }

  @Test
  void shouldBackOffExponentiallyUpToTheMaximumDelay() {
    FlakyEmbedder flaky = new FlakyEmbedder(5);
    List<Duration> waits = new ArrayList<>();
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(10));

    List<float[]> vectors = new RetryingEmbedder(flaky, policy, waits::add).embed(List.of("a", "b"));

    assertThat(vectors).hasSize(2);
    assertThat(flaky.calls).isEqualTo(6);
    assertThat(waits).containsExactly(
        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(500),
        Duration.ofMillis(500));
  }

  @Test
  void shouldGiveUpWhenTheNextWaitWouldExceedTheBudget() {
    FlakyEmbedder flaky = new FlakyEmbedder(100);
    List<Duration> waits = new ArrayList<>();
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(1000));

    assertThatThrownBy(() -> new RetryingEmbedder(flaky, policy, waits::add).embed(List.of("a")))
        .isInstanceOf(EmbedderUnavailableException.class)
        .hasMessage("embedder flaky unavailable: down");
    // 100 + 200 + 400 = 700; another 400 would pass the 1000 ms budget.
    assertThat(waits).hasSize(3);
    assertThat(flaky.calls).isEqualTo(4);
  }

  @Test
  void shouldRefuseABudgetWithoutDelays() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldKeepRetriesInsideTwoThirdsOfTheTransactionTimeout() {
    assertThat(RetryPolicy.within(Duration.ofSeconds(60)))
        .isEqualTo(new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(40)));
    RetryPolicy shortTimeout = RetryPolicy.within(Duration.ofSeconds(15));
    assertThat(shortTimeout.budget()).isEqualTo(Duration.ofSeconds(10));
    assertThat(shortTimeout.maxDelay()).isEqualTo(Duration.ofMillis(2500));
    RetryPolicy tiny = RetryPolicy.within(Duration.ofMillis(600));
    assertThat(tiny.initialDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(tiny.retries()).isTrue();
  }
}
