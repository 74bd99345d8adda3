package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSnapshotRetentionTest {

  private static LabelSnapshotLog.Summary snapshot(String id, int hour) {
    return new LabelSnapshotLog.Summary(id, Instant.parse("2026-12-01T00:00:00Z").plusSeconds(hour * 3600L),
        Map.of("acme", 3));
  }

  private static final List<LabelSnapshotLog.Summary> NEWEST_FIRST = List.of(
      snapshot("ls-000000000005", 5), snapshot("ls-000000000004", 4), snapshot("ls-000000000003", 3),
      snapshot("ls-000000000002", 2), snapshot("ls-000000000001", 1));

  @Test
  void shouldRemoveAllButTheNewest() {
    assertThat(new LabelSnapshotRetention(2).expired(NEWEST_FIRST, null))
        .extracting(LabelSnapshotLog.Summary::snapshot)
        .containsExactly("ls-000000000003", "ls-000000000002", "ls-000000000001");
  }

  @Test
  void shouldKeepTheSnapshotTheActiveCatalogueRoutesWithHoweverOld() {
    assertThat(new LabelSnapshotRetention(2).expired(NEWEST_FIRST, "ls-000000000001"))
        .extracting(LabelSnapshotLog.Summary::snapshot)
        .containsExactly("ls-000000000003", "ls-000000000002");
  }

  @Test
  void shouldRemoveNothingWhenThereAreNoMoreThanItKeeps() {
    assertThat(new LabelSnapshotRetention(LabelSnapshotRetention.DEFAULT_KEEP).expired(NEWEST_FIRST.subList(0, 3), null))
        .isEmpty();
  }

  @Test
  void shouldRefuseToKeepNothing() {
    assertThatThrownBy(() -> new LabelSnapshotRetention(0)).hasMessageContaining("keep at least the newest");
  }
}
