package io.tributary.monitoring.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagGaugesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static PartitionLag partition(String group, int partition, long lag, double seconds, boolean stalled,
      Retention retention) {
    return new PartitionLag(group, GroupKind.STREAMS, "docs.submitted.v1", partition, 0, lag, 0, lag, seconds,
        Trend.FLAT, stalled, retention);
  }

  @Test
  void shouldExposeLagPerPartitionAndPerGroupWithTheContractNamesAndLabels() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LagGauges gauges = new LagGauges(registry);
    List<PartitionLag> partitions = List.of(partition("pipeline", 0, 5, 2.5, true, Retention.OK),
        partition("pipeline", 1, 7, 9.0, false, Retention.AT_RISK));

    gauges.update(new LagSnapshot(T0, GroupRollup.of(List.of(), partitions), partitions, List.of()));

    assertThat(registry.get("tributary.lag.offsets").tags("group", "pipeline", "topic", "docs.submitted.v1",
        "partition", "1", "kind", "streams").gauge().value()).isEqualTo(7.0);
    assertThat(registry.get("tributary.lag.seconds").tag("partition", "0").gauge().value()).isEqualTo(2.5);
    assertThat(registry.get("tributary.lag.stalled").tag("partition", "0").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("tributary.lag.retention.risk").tag("partition", "1").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("tributary.lag.group.offsets").tags("group", "pipeline", "kind", "streams").gauge()
        .value()).isEqualTo(12.0);
    assertThat(registry.get("tributary.lag.group.seconds").tag("group", "pipeline").gauge().value()).isEqualTo(9.0);
  }

  @Test
  void shouldFollowNewValuesAndRemoveSeriesThatVanished() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LagGauges gauges = new LagGauges(registry);
    List<PartitionLag> before = List.of(partition("a", 0, 5, 1, false, Retention.OK),
        partition("b", 0, 3, 1, false, Retention.OK));
    gauges.update(new LagSnapshot(T0, GroupRollup.of(List.of(), before), before, List.of()));

    List<PartitionLag> after = List.of(partition("a", 0, 1, 0.5, false, Retention.OK));
    gauges.update(new LagSnapshot(T0.plusSeconds(5), GroupRollup.of(List.of(), after), after, List.of()));

    assertThat(registry.get("tributary.lag.offsets").tag("group", "a").gauge().value()).isEqualTo(1.0);
    assertThat(registry.find("tributary.lag.offsets").tag("group", "b").gauge()).isNull();
    assertThat(registry.find("tributary.lag.group.offsets").tag("group", "b").gauge()).isNull();
  }
}
