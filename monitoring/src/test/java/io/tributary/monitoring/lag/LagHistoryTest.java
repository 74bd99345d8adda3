package io.tributary.monitoring.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LagHistoryTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldKeepOnlyTheNewestSnapshotsOldestFirst() {
    LagHistory history = new LagHistory(3);

    for (int i = 0; i < 5; i++) {
      history.add(LagSnapshot.empty(T0.plusSeconds(i)));
    }

    assertThat(history.all()).extracting(LagSnapshot::sampledAt)
        .containsExactly(T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4));
    assertThat(history.since(T0.plusSeconds(3))).extracting(LagSnapshot::sampledAt)
        .containsExactly(T0.plusSeconds(3), T0.plusSeconds(4));
  }

  @Test
  void shouldReturnWhatWasAddedBeforeTheRingIsFull() {
    LagHistory history = new LagHistory(10);
    history.add(LagSnapshot.empty(T0));

    assertThat(history.all()).hasSize(1);
  }
}
