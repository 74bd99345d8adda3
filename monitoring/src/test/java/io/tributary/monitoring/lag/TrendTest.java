package io.tributary.monitoring.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static LagPoint at(int second, long committed, long lag, double seconds) {
    return new LagPoint(T0.plusSeconds(second), committed, lag, seconds);
  }

  @Test
  void shouldMeasureTheSlopeFromTheOldestPointInsideTheWindow() {
    List<LagPoint> history = List.of(at(0, 0, 0, 0), at(10, 0, 50, 5), at(20, 10, 100, 15));

    Trend trend = Trend.over(history, at(30, 30, 150, 25), Duration.ofSeconds(20));

    assertThat(trend.offsetsPerSecond()).isCloseTo(5.0, within(1e-9));
    assertThat(trend.secondsPerSecond()).isCloseTo(1.0, within(1e-9));
    assertThat(trend.consumedPerSecond()).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void shouldBeFlatWithoutHistoryInsideTheWindow() {
    assertThat(Trend.over(List.of(at(0, 0, 0, 0)), at(100, 0, 5, 1), Duration.ofSeconds(10))).isEqualTo(Trend.FLAT);
    assertThat(Trend.over(List.of(), at(100, 0, 5, 1), Duration.ofSeconds(10))).isEqualTo(Trend.FLAT);
  }

  @Test
  void shouldShowFallingLagAsNegative() {
    Trend trend = Trend.over(List.of(at(0, 0, 100, 60)), at(10, 100, 0, 0), Duration.ofSeconds(30));

    assertThat(trend.offsetsPerSecond()).isCloseTo(-10.0, within(1e-9));
    assertThat(trend.secondsPerSecond()).isCloseTo(-6.0, within(1e-9));
    assertThat(trend.consumedPerSecond()).isCloseTo(10.0, within(1e-9));
  }
}
