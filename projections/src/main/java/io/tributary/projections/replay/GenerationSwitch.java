package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.generations.Rebuildable;
import io.tributary.projections.projector.OffsetStore;
import io.tributary.schemas.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ends of a generation's life: the atomic switch that makes a built generation live, the drop
 * of a failed or aborted one, and the drop of retired ones whose grace is over.
 */
final class GenerationSwitch {

  private static final Logger LOG = LoggerFactory.getLogger(GenerationSwitch.class);
  /**
   * How long the switch waits for the readers' locks before it gives way and tries again: shorter
   * than Postgres's deadlock_timeout (1 s by default), so when a reader and the switch wait for each
   * other, the switch's wait ends first and no search is chosen as a deadlock victim.
   */
  static final Duration VIEW_LOCK_TIMEOUT = Duration.ofMillis(500);
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final Rebuildable<?, ?> model;
  private final Jdbi jdbi;
  private final Topic<?, ?> defaultTopic;
  private final Duration retireGrace;
  private final GenerationStore generations = new GenerationStore();
  private final OffsetStore offsets = new OffsetStore();

  GenerationSwitch(Rebuildable<?, ?> model, Jdbi jdbi, Topic<?, ?> defaultTopic, Duration retireGrace) {
    this.model = requireNonNull(model, "model");
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.defaultTopic = requireNonNull(defaultTopic, "defaultTopic");
    this.retireGrace = requireNonNull(retireGrace, "retireGrace");
  }

  /**
   * Switches to {@code generation} when its {@code positions} hold at least what the live
   * projection stored; false to catch up further.
   */
  boolean trySwitch(int generation, Map<TopicPartition, Long> positions) {
    try {
      return switchOnce(generation, positions);
    } catch (RuntimeException e) {
      if (!lockNotAvailable(e)) {
        throw e;
      }
      LOG.info("replay of {}: readers held the views for more than {} ms; switching again", model.name(),
          VIEW_LOCK_TIMEOUT.toMillis());
      return false;
    }
  }

  private boolean switchOnce(int generation, Map<TopicPartition, Long> positions) {
    String buildingName = model.building(generation).name();
    return jdbi.inTransaction(handle -> {
      String liveTopic = generations.liveGeneration(handle, model.name())
          .map(Generation::sourceTopic).orElse(null);
      String followed = liveTopic == null ? defaultTopic.name() : liveTopic;
      boolean sameTopic = followed.equals(model.topic().name());
      // The live projector's lock: its batches wait, and none is half-applied to the old generation.
      if (sameTopic) {
        // Claims the rows of partitions the live projector has not written yet, so it cannot slip a first batch in.
        offsets.lock(handle, model.name(), followed,
            positions.keySet().stream().map(TopicPartition::partition).toList());
      }
      Map<TopicPartition, Long> live = offsets.lockAll(handle, model.name(), followed);
      if (sameTopic) {
        for (Map.Entry<TopicPartition, Long> position : positions.entrySet()) {
          if (position.getValue() < live.getOrDefault(position.getKey(), 0L)) {
            return false;
          }
        }
      } else {
        // A roll: the old topic's positions mean nothing for the new one; the projector moves to it.
        handle.createUpdate("DELETE FROM ops.projection_offsets WHERE projection = :projection AND topic <> :topic")
            .bind("projection", model.name()).bind("topic", model.topic().name()).execute();
      }
      // The live projector resumes where the new generation ends (a batch it holds is refused as stale).
      offsets.save(handle, model.name(), positions);
      GenerationHandover.moveOpsRows(handle, buildingName, model.name());
      handle.createQuery("SELECT set_config('lock_timeout', :millis, true)")
          .bind("millis", Long.toString(VIEW_LOCK_TIMEOUT.toMillis())).mapTo(String.class).one();
      model.makeLive(handle, generation);
      generations.switchLive(handle, model.name(), generation, retireGrace);
      return true;
    });
  }

  private static boolean lockNotAvailable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Drops {@code generation}'s tables and ops rows and marks it aborted with {@code cause}; never throws. */
  void drop(int generation, RuntimeException cause) {
    try {
      jdbi.useTransaction(handle -> {
        model.drop(handle, generation);
        GenerationHandover.deleteOpsRows(handle, model.building(generation).name());
        generations.mark(handle, model.name(), generation, Generation.State.ABORTED,
            cause.getClass().getSimpleName() + ": " + cause.getMessage());
      });
      LOG.warn("replay of {}: generation {} aborted and dropped ({}); the live generation is untouched",
          model.name(), generation, cause.toString());
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      LOG.error("replay of {}: could not drop aborted generation {}", model.name(), generation, e);
    }
  }

  /** Aborts the generation being built, if any; returns its number. */
  Optional<Integer> abortBuilding() {
    Optional<Generation> building = jdbi.withHandle(handle -> generations.building(handle, model.name()));
    building.ifPresent(g -> drop(g.generation(), new ReplayAbortedException("aborted by an operator")));
    return building.map(Generation::generation);
  }

  /** Drops retired generations whose grace period is over; returns their numbers. */
  List<Integer> dropRetired() {
    return jdbi.inTransaction(handle -> {
      List<Integer> due = generations.dueForDrop(handle, model.name());
      for (int generation : due) {
        model.drop(handle, generation);
        generations.mark(handle, model.name(), generation, Generation.State.DROPPED, null);
        LOG.info("projection {}: retired generation {} dropped", model.name(), generation);
      }
      return due;
    });
  }
}
