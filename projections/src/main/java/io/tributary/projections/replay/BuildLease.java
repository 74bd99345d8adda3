package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.generations.Rebuildable;
import io.tributary.schemas.topics.Topic;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's claim on building a generation of one projection: the build lock ({@link
 * BuildLock}) taken when a new generation is registered or a dead process's building generation is
 * taken over, and given back when the build ends. One pooled connection holds it meanwhile.
 */
final class BuildLease {

  private static final Logger LOG = LoggerFactory.getLogger(BuildLease.class);

  private final Rebuildable<?, ?> model;
  private final Jdbi jdbi;
  private final Topic<?, ?> defaultTopic;
  private final GenerationStore generations = new GenerationStore();
  private final AtomicReference<BuildLock> held = new AtomicReference<>();

  BuildLease(Rebuildable<?, ?> model, Jdbi jdbi, Topic<?, ?> defaultTopic) {
    this.model = requireNonNull(model, "model");
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.defaultTopic = requireNonNull(defaultTopic, "defaultTopic");
  }

  /** Registers generation N+1 as building with its empty tables and holds its lock; returns N+1. */
  int begin(ReplayPlan plan) {
    BuildLock lock = BuildLock.acquire(jdbi, model.name())
        .orElseThrow(() -> new IllegalStateException("another process is building a generation of " + model.name()));
    try {
      int generation = jdbi.inTransaction(handle -> {
        generations.building(handle, model.name()).ifPresent(building -> {
          throw new IllegalStateException("generation " + building.generation() + " of " + model.name()
              + " is already building; abort it first");
        });
        int next = generations.startBuilding(handle, model.name(), plan.start().describe(), plan.recordsExpected());
        generations.source(handle, model.name(), next, model.topic().name(), model.profile());
        model.create(handle, next, plan.liveGeneration());
        return next;
      });
      hold(lock);
      return generation;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * The building generation a killed process left, now held by this process; empty when none is
   * building. Throws when a live process builds it or it follows another topic (a roll's).
   */
  Optional<Generation> takeOver() {
    Optional<Generation> building = jdbi.withHandle(handle -> generations.building(handle, model.name()));
    if (building.isEmpty()) {
      return building;
    }
    BuildLock lock = BuildLock.acquire(jdbi, model.name())
        .orElseThrow(() -> new IllegalStateException("generation " + building.get().generation() + " of "
            + model.name() + " is being built by another process; wait for it or abort it"));
    // Re-read under the lock: the other process may have finished or aborted in between.
    Optional<Generation> still = jdbi.withHandle(handle -> generations.building(handle, model.name()));
    if (still.isEmpty() || still.get().generation() != building.get().generation()) {
      lock.close();
      return Optional.empty();
    }
    String source = still.get().sourceTopic() == null ? defaultTopic.name() : still.get().sourceTopic();
    if (!source.equals(model.topic().name())) {
      lock.close();
      throw new IllegalStateException("generation " + still.get().generation() + " of " + model.name()
          + " was building from " + source + " (a roll's); run the command that started it again, or abort it");
    }
    int stopped = jdbi.withHandle(handle -> model.stopOrphanIndexBuilds(handle, still.get().generation()));
    if (stopped > 0) {
      LOG.info("{}: stopped {} index builds the dead process of generation {} left running", model.name(), stopped,
          still.get().generation());
    }
    hold(lock);
    return still;
  }

  /** Gives the lock back; the generation stays as it is. */
  void release() {
    BuildLock lock = held.getAndSet(null);
    if (lock != null) {
      lock.close();
    }
  }

  private void hold(BuildLock lock) {
    BuildLock previous = held.getAndSet(lock);
    if (previous != null) {
      previous.close();
    }
  }
}
