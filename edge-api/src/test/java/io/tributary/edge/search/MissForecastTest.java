package io.tributary.edge.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MissForecastTest {

  private final MissForecast forecast = new MissForecast();

  @Test
  void shouldExpectHitsUntilMostRecentLookupsMissed() {
    assertThat(forecast.expectMiss()).as("a new process").isFalse();
    for (int i = 0; i < 10; i++) {
      forecast.record(false);
    }
    // 1 - (15/16)^10 = 0.48: not yet most.
    assertThat(forecast.expectMiss()).as("after 10 misses").isFalse();
    forecast.record(false);
    assertThat(forecast.expectMiss()).as("after 11 misses").isTrue();
  }

  @Test
  void shouldGoBackToExpectingHitsOnceHitsReturn() {
    for (int i = 0; i < 100; i++) {
      forecast.record(false);
    }
    assertThat(forecast.expectMiss()).isTrue();
    int hits = 0;
    while (forecast.expectMiss()) {
      forecast.record(true);
      hits++;
    }
    // From an all-miss history, (15/16)^k < 0.5 first holds at k = 11.
    assertThat(hits).isEqualTo(11);
  }

  @Test
  void shouldFollowTheShareOfMissesNotTheLastOutcome() {
    // One miss in four: hits stay the rule however the pattern ends.
    for (int i = 0; i < 200; i++) {
      forecast.record(i % 4 != 0);
      assertThat(forecast.expectMiss()).as("lookup %d", i).isFalse();
    }
    // Three misses in four: misses stay the rule once the average has settled.
    for (int i = 0; i < 200; i++) {
      forecast.record(i % 4 == 0);
      if (i >= 40) {
        assertThat(forecast.expectMiss()).as("lookup %d", i).isTrue();
      }
    }
  }
}
