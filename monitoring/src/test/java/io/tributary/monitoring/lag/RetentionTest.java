package io.tributary.monitoring.lag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetentionTest {

  @Test
  void shouldFlagDataLostWhenTheCommittedOffsetIsBelowTheLogStart() {
    assertThat(Retention.of(5, 20, 100, 10)).isEqualTo(Retention.DATA_LOST);
  }

  @Test
  void shouldFlagRiskWhenALaggingGroupIsWithinTheMarginOfAnAdvancedLogStart() {
    assertThat(Retention.of(25, 20, 100, 10)).isEqualTo(Retention.AT_RISK);
  }

  @Test
  void shouldNotFlagAGroupBeyondTheMargin() {
    assertThat(Retention.of(30, 20, 100, 10)).isEqualTo(Retention.OK);
  }

  @Test
  void shouldNotFlagACaughtUpGroupEvenAtTheLogStart() {
    assertThat(Retention.of(100, 100, 100, 10)).isEqualTo(Retention.OK);
  }

  @Test
  void shouldNotFlagALogThatNeverDeletedAnything() {
    assertThat(Retention.of(0, 0, 100, 10)).isEqualTo(Retention.OK);
  }
}
