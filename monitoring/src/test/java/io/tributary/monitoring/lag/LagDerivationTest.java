package io.tributary.monitoring.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagDerivationTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final LagDerivation derivation = new LagDerivation(Duration.ofSeconds(10), Duration.ofSeconds(10), 5);

  private static LagReading reading(int second, long committed, long end, long logStart, Instant oldest) {
    return new LagReading(T0.plusSeconds(second), List.of(new GroupMembership("g", GroupKind.CONSUMER, "Empty", 0)),
        List.of(new PartitionPosition("g", GroupKind.CONSUMER, "t", 0, committed, end, logStart, oldest),
            new PartitionPosition("g", GroupKind.CONSUMER, "t", 1, 7, 7, 0, null)), List.of());
  }

  @Test
  void shouldComputeTimeLagAtSamplingTimeSoAStoppedConsumerShowsGrowingLag() {
    // Given: a consumer stopped at offset 10 whose oldest unconsumed record was written at T0
    List<LagSnapshot> history = new ArrayList<>();
    LagSnapshot first = derivation.derive(reading(0, 10, 20, 0, T0), history);
    history.add(first);
    LagSnapshot later = derivation.derive(reading(5, 10, 20, 0, T0), history);
    history.add(later);
    LagSnapshot stalled = derivation.derive(reading(12, 10, 20, 0, T0), history);

    assertThat(first.partitions().getFirst().lagSeconds()).isZero();
    assertThat(later.partitions().getFirst().lagSeconds()).isEqualTo(5.0);
    assertThat(later.partitions().getFirst().stalled()).isFalse();
    assertThat(stalled.partitions().getFirst().lagSeconds()).isEqualTo(12.0);
    assertThat(stalled.partitions().getFirst().stalled()).isTrue();
    assertThat(stalled.partitions().getFirst().trend().secondsPerSecond()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void shouldRollUpOffsetsBySumAndSecondsByMaximumWithTheWorstFlags() {
    LagSnapshot snapshot = derivation.derive(reading(30, 2, 20, 1, T0), List.of());

    GroupLag group = snapshot.group("g").orElseThrow();
    assertThat(group.lagOffsets()).isEqualTo(18);
    assertThat(group.lagSeconds()).isEqualTo(30.0);
    assertThat(group.partitions()).isEqualTo(2);
    assertThat(group.committedOffsets()).isEqualTo(9);
    assertThat(group.retention()).isEqualTo(Retention.AT_RISK);
    assertThat(group.state()).isEqualTo("Empty");
  }

  @Test
  void shouldReportNoTimeLagWhenNoRecordWaits() {
    // Only a transaction marker lies between committed and end: offset lag 1, nothing to consume.
    LagSnapshot snapshot = derivation.derive(reading(30, 19, 20, 0, null), List.of());

    assertThat(snapshot.partitions().getFirst().lagOffsets()).isEqualTo(1);
    assertThat(snapshot.partitions().getFirst().lagSeconds()).isZero();
  }
}
