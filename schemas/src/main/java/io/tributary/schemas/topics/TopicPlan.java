package io.tributary.schemas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The differences between the catalogue and a cluster; computed without I/O. */
public record TopicPlan(List<TopicChange> changes) {

  public TopicPlan {
    changes = List.copyOf(changes);
  }

  /** What it takes to bring the {@code observed} topics (by name) to the {@code desired} ones. */
  public static TopicPlan between(Collection<TopicSpec> desired, Map<String, TopicState> observed) {
    List<TopicChange> changes = new ArrayList<>();
    for (TopicSpec spec : desired) {
      TopicState state = observed.get(spec.name());
      if (state == null) {
        changes.add(new TopicChange.Create(spec));
        continue;
      }
      if (state.partitions() < spec.partitions()) {
        changes.add(new TopicChange.RaisePartitions(spec.name(), state.partitions(), spec.partitions()));
      } else if (state.partitions() > spec.partitions()) {
        changes.add(new TopicChange.KeepPartitions(spec.name(), state.partitions(), spec.partitions()));
      }
      if (state.replicationFactor() != spec.replicationFactor()) {
        changes.add(new TopicChange.ReplicationDiffers(spec.name(), state.replicationFactor(), spec.replicationFactor()));
      }
      new TreeMap<>(spec.configs()).forEach((key, wanted) -> {
        String actual = state.configs().get(key);
        if (!Objects.equals(actual, wanted)) {
          changes.add(new TopicChange.SetConfig(spec.name(), key, actual, wanted));
        }
      });
    }
    return new TopicPlan(changes);
  }

  /** Whether the cluster already matches (notes and warnings aside). */
  public boolean inSync() {
    return changes.stream().allMatch(c -> c instanceof TopicChange.KeepPartitions
        || c instanceof TopicChange.ReplicationDiffers);
  }
}
