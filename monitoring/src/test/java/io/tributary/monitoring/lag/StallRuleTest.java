package io.tributary.monitoring.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StallRuleTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final StallRule rule = new StallRule(Duration.ofSeconds(30));

  private static LagPoint at(int second, long committed, long lag) {
    return new LagPoint(T0.plusSeconds(second), committed, lag, lag);
  }

  @Test
  void shouldFlagALaggingPartitionWhoseOffsetStoodStillForTheWholeWindow() {
    List<LagPoint> history = List.of(at(0, 10, 5), at(15, 10, 8), at(30, 10, 9));

    assertThat(rule.stalled(history, at(31, 10, 12), true)).isTrue();
  }

  @Test
  void shouldNotFlagBeforeTheWindowHasPassed() {
    List<LagPoint> history = List.of(at(5, 10, 5), at(15, 10, 8));

    assertThat(rule.stalled(history, at(31, 10, 12), true)).isFalse();
  }

  @Test
  void shouldNotFlagAPartitionThatProgressed() {
    List<LagPoint> history = List.of(at(0, 10, 5), at(20, 12, 8));

    assertThat(rule.stalled(history, at(31, 14, 12), true)).isFalse();
  }

  @Test
  void shouldNotFlagACaughtUpOrMarkerOnlyPartition() {
    List<LagPoint> history = List.of(at(0, 10, 1), at(20, 10, 1));

    assertThat(rule.stalled(history, at(31, 10, 0), true)).isFalse();
    assertThat(rule.stalled(history, at(31, 10, 1), false)).isFalse();
  }

  @Test
  void shouldNotFlagWhenTheWindowStartedCaughtUp() {
    // Idle at the anchor (nothing to consume) is not a stall even if the offset did not move since.
    List<LagPoint> history = List.of(at(0, 10, 0), at(20, 10, 3));

    assertThat(rule.stalled(history, at(31, 10, 3), true)).isFalse();
  }
}
