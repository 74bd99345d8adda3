package io.tributary.monitoring.lag;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.projector.OffsetStore;
import io.tributary.projections.projector.ProjectorRunner;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;

/**
 * Where each projector stands, from the offsets it stores in Postgres with its rows (its source of truth;
 * the Kafka group offsets of a projector are only a convenience), keyed by the projector's consumer group.
 */
public final class ProjectionPositions {

  private final Jdbi jdbi;
  private final OffsetStore offsets = new OffsetStore();

  public ProjectionPositions(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
  }

  /** Consumer group of each projector ({@code tributary-projector-<name>}) to its stored next offsets. */
  public Map<String, Map<TopicPartition, Long>> read() {
    Map<String, Map<TopicPartition, Long>> byGroup = new TreeMap<>();
    jdbi.useHandle(handle -> offsets.all(handle).forEach(stored -> byGroup
        .computeIfAbsent(ProjectorRunner.groupId(stored.projection()), g -> new java.util.HashMap<>())
        .put(stored.partition(), stored.nextOffset())));
    return byGroup;
  }
}
