package io.tributary.platform.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.monitoring.lag.GroupKind;
import io.tributary.monitoring.lag.GroupMembership;
import io.tributary.monitoring.lag.LagDerivation;
import io.tributary.monitoring.lag.LagReading;
import io.tributary.monitoring.lag.LagSnapshot;
import io.tributary.monitoring.lag.PartitionPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagTableTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static LagSnapshot snapshot(int second, List<LagSnapshot> history) {
    LagReading reading = new LagReading(T0.plusSeconds(second),
        List.of(new GroupMembership("tributary-projector-rag", GroupKind.PROJECTION, "Stable", 1)),
        List.of(new PartitionPosition("tributary-projector-rag", GroupKind.PROJECTION, "docs.embedded.v1", 0, 40, 100,
                0, T0),
            new PartitionPosition("tributary-projector-rag", GroupKind.PROJECTION, "docs.embedded.v1", 1, 3, 200,
                10, T0)), List.of());
    return new LagDerivation(Duration.ofSeconds(10), Duration.ofSeconds(10), 50).derive(reading, history);
  }

  @Test
  void shouldPrintAGroupLineThenItsPartitionsWithTheSameNumbersAsTheApi() {
    LagSnapshot first = snapshot(0, List.of());
    LagSnapshot second = snapshot(5, List.of(first));
    LagSnapshot later = snapshot(12, List.of(first, second));

    String table = LagTable.render(later, true);

    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).startsWith("GROUP").contains("COMMITTED", "END", "LAG", "LAG_S", "TREND_S/S", "FLAGS");
    assertThat(lines.get(1)).startsWith("tributary-projector-rag").contains("projection", "257", "12.0",
        "+1.00", "STALLED", "DATA-LOST", "Stable/1");
    assertThat(lines.get(2)).contains("docs.embedded.v1", "40", "100", "60", "STALLED").doesNotContain("DATA-LOST");
    assertThat(lines.get(3)).contains("docs.embedded.v1", "3", "200", "197", "DATA-LOST");
  }

  @Test
  void shouldSayThatASingleSampleHasNoTrend() {
    String table = LagTable.render(snapshot(0, List.of()), false);

    assertThat(table).contains("run with --watch").doesNotContain("STALLED");
  }
}
