package io.tributary.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicPlanTest {

  private final TopicSpec submitted = TopicSpec.of(Topics.DOCS_SUBMITTED, TopicLayout.defaults(), 3);

  @Test
  void shouldCreateAMissingTopic() {
    TopicPlan plan = TopicPlan.between(List.of(submitted), Map.of());

    assertThat(plan.changes()).containsExactly(new TopicChange.Create(submitted));
    assertThat(plan.inSync()).isFalse();
  }

  @Test
  void shouldBeInSyncWhenTheClusterMatches() {
    TopicPlan plan = TopicPlan.between(List.of(submitted), Map.of(submitted.name(),
        new TopicState(submitted.name(), 12, (short) 3, submitted.configs())));

    assertThat(plan.changes()).isEmpty();
    assertThat(plan.inSync()).isTrue();
  }

  @Test
  void shouldNeverLowerPartitionsAndOnlyWarnAboutReplication() {
    TopicPlan plan = TopicPlan.between(List.of(submitted), Map.of(submitted.name(),
        new TopicState(submitted.name(), 24, (short) 1, submitted.configs())));

    assertThat(plan.changes()).containsExactly(
        new TopicChange.KeepPartitions(submitted.name(), 24, 12),
        new TopicChange.ReplicationDiffers(submitted.name(), (short) 1, (short) 3));
    assertThat(plan.inSync()).isTrue();
    assertThat(plan.changes().get(1).describe()).startsWith("WARNING");
  }

  @Test
  void shouldRaisePartitionsAndSetDriftedConfigs() {
    Map<String, String> drifted = new HashMap<>(submitted.configs());
    drifted.remove("delete.retention.ms");
    drifted.put("min.insync.replicas", "1");

    TopicPlan plan = TopicPlan.between(List.of(submitted), Map.of(submitted.name(),
        new TopicState(submitted.name(), 3, (short) 3, drifted)));

    assertThat(plan.changes()).containsExactly(
        new TopicChange.RaisePartitions(submitted.name(), 3, 12),
        new TopicChange.SetConfig(submitted.name(), "delete.retention.ms", null, "604800000"),
        new TopicChange.SetConfig(submitted.name(), "min.insync.replicas", "1", "2"));
  }
}
