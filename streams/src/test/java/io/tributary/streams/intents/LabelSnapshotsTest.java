package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.agents.LabelledExample;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LabelSnapshotsTest {

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void shouldKeepTheNewestLabelsPerTenantAndAgentUpToTheBound() {
    List<IntentLabel> labels = new ArrayList<>();
    IntStream.range(0, 5).forEach(i -> labels.add(label("acme", "m" + i, "billing", NOW.minusSeconds(i))));
    labels.add(label("acme", "x", "default", NOW));
    labels.add(label("globex", "g", "billing", NOW));

    LabelSnapshots.Built built = LabelSnapshots.build(labels, new LabelPolicy(3, Duration.ZERO), NOW);

    assertThat(built.id()).matches(LabelSettings.VALID_SNAPSHOT);
    assertThat(built.parts()).extracting(LabelSnapshot::tenant).containsExactly("acme", "globex");
    assertThat(built.parts()).allSatisfy(part -> assertThat(part.snapshot()).isEqualTo(built.id()));
    LabelSnapshot acme = built.parts().getFirst();
    assertThat(acme.examples()).extracting(LabelledExample::text)
        .containsExactly("text of m0", "text of m1", "text of m2", "text of x");
    assertThat(built.counts().get("acme")).containsEntry("billing", 3).containsEntry("default", 1);
    assertThat(built.overBound()).isEqualTo(2);
  }

  @Test
  void shouldAgeOutLabelsOlderThanThePolicyAllows() {
    List<IntentLabel> labels = List.of(
        label("acme", "fresh", "hr", NOW.minus(Duration.ofDays(10))),
        label("acme", "stale", "hr", NOW.minus(Duration.ofDays(200))));

    LabelSnapshots.Built built = LabelSnapshots.build(labels, LabelPolicy.DEFAULTS, NOW);

    assertThat(built.parts().getFirst().examples()).extracting(LabelledExample::text).containsExactly("text of fresh");
    assertThat(built.aged()).isEqualTo(1);
  }

  @Test
  void shouldGiveTheSameLabelsTheSameIdAndChangedLabelsAnotherWhateverTheOrderOrTime() {
    List<IntentLabel> labels = new ArrayList<>(List.of(
        label("acme", "a", "hr", NOW.minusSeconds(5)), label("acme", "b", "billing", NOW.minusSeconds(7))));
    String first = LabelSnapshots.build(labels, LabelPolicy.DEFAULTS, NOW).id();
    String reordered = LabelSnapshots.build(labels.reversed(), LabelPolicy.DEFAULTS, NOW.plusSeconds(60)).id();
    labels.add(label("acme", "c", "hr", NOW));
    String changed = LabelSnapshots.build(labels, LabelPolicy.DEFAULTS, NOW).id();

    assertThat(reordered).isEqualTo(first);
    assertThat(changed).isNotEqualTo(first);
  }

  @Test
  void shouldDropATenantsOldestLabelsWhenItsPartWouldNotFitOneRecord() {
    String big = "x".repeat(7_000);
    List<IntentLabel> labels = longLabels(1_300, big);

    LabelSnapshots.Built built = LabelSnapshots.build(labels, LabelPolicy.DEFAULTS, NOW);

    assertThat(built.overSize()).isPositive();
    int kept = built.parts().getFirst().examples().size();
    assertThat(kept + built.overSize()).isEqualTo(1_300);
    assertThat(built.parts().getFirst().examples()).extracting(LabelledExample::text)
        .contains(big + 0).doesNotContain(big + 1_299);
  }

  @Test
  void shouldCountEscapesWhenFittingAPartIntoOneRecord() {
    // Every quote doubles when serialised: 8,000 characters become 16,000 bytes.
    List<IntentLabel> labels = longLabels(1_000, "\"".repeat(7_990));

    LabelSnapshots.Built built = LabelSnapshots.build(labels, LabelPolicy.DEFAULTS, NOW);

    assertThat(built.overSize()).isPositive();
    assertThat(Topics.AGENTS_LABEL_SNAPSHOTS.valueSerde().serializer().serialize("t", built.parts().getFirst()))
        .hasSizeLessThan(Topics.LABEL_SNAPSHOT_MAX_MESSAGE_BYTES);
  }

  @Test
  void shouldRefuseAPolicyWithoutABound() {
    assertThatThrownBy(() -> new LabelPolicy(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LabelPolicy(10, Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  /** {@code count} labels of acme over ten agents, text {@code prefix + i}, label {@code i} {@code i} seconds old. */
  private static List<IntentLabel> longLabels(int count, String prefix) {
    return IntStream.range(0, count).mapToObj(i -> new IntentLabel("acme", "m" + i, prefix + i, "agent-" + (i % 10),
        IntentLabel.IMPORT, NOW.minusSeconds(i))).toList();
  }

  private static IntentLabel label(String tenant, String id, String agent, Instant at) {
    return new IntentLabel(tenant, id, "text of " + id, agent, IntentLabel.OPERATOR, at);
  }
}
