package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.generations.Rebuildable;
import io.tributary.projections.projector.BatchTransaction;
import io.tributary.projections.projector.OffsetStore;
import io.tributary.projections.projector.Projection;
import io.tributary.schemas.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a read model as generation N+1 beside the live one: bulk load from the log without
 * secondary indexes, index build, catch-up, then one transaction that moves the live projection's
 * offsets and points readers at the new generation. A failure or an abort drops the new
 * generation and leaves the live one untouched. Replayed records have no side effects: dead
 * letters are recorded for the new generation but not published again.
 */
public final class Replay<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(1);

  private final Rebuildable<K, V> model;
  private final Jdbi jdbi;
  private final ReplaySettings settings;
  private final GenerationStore generations = new GenerationStore();
  private final OffsetStore offsets = new OffsetStore();
  private final IndexBuild<K, V> indexes;
  private final Topic<?, ?> defaultTopic;
  private final AtomicReference<BuildLock> held = new AtomicReference<>();

  /** A replay of {@code model}, whose projection's own topic (before any roll) is {@code model.topic()}. */
  public Replay(Rebuildable<K, V> model, Jdbi jdbi, ReplaySettings settings) {
    this(model, jdbi, settings, model.topic());
  }

  /**
   * A replay of {@code model}; {@code defaultTopic} is the topic a generation without a recorded
   * source follows (for rag, {@code docs.embedded.v1}).
   */
  public Replay(Rebuildable<K, V> model, Jdbi jdbi, ReplaySettings settings, Topic<?, ?> defaultTopic) {
    this.model = requireNonNull(model, "model");
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.settings = requireNonNull(settings, "settings");
    this.defaultTopic = requireNonNull(defaultTopic, "defaultTopic");
    this.indexes = new IndexBuild<>(model, jdbi);
  }


  /** What a replay from {@code start} would read and write; writes nothing. */
  public ReplayPlan plan(ReplayStart start) {
    try (KafkaConsumer<byte[], byte[]> consumer = ReplayConsumer.open(model.topic(), settings)) {
      List<TopicPartition> partitions = ReplayConsumer.partitions(consumer, model.topic());
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> starts = switch (start) {
        case ReplayStart.FromBeginning ignored -> consumer.beginningOffsets(partitions);
        case ReplayStart.FromTime from -> startsAt(consumer, partitions, ends, from);
      };
      long expected = partitions.stream().mapToLong(p -> Math.max(0, ends.get(p) - starts.get(p))).sum();
      return jdbi.inTransaction(handle -> {
        int live = generations.live(handle, model.name())
            .orElseThrow(() -> new IllegalStateException("projection " + model.name() + " has no live generation"));
        Map<TopicPartition, Long> liveOffsets = offsets.load(handle, model.name(), model.topic().name());
        return new ReplayPlan(model.name(), model.topic().name(), start, starts, ends, expected, live, liveOffsets);
      });
    }
  }

  /** Runs {@code plan} to the switch, reporting to {@code progress}; throws after dropping the new generation. */
  public ReplayResult run(ReplayPlan plan, Consumer<ReplayProgress> progress) {
    return build(plan, begin(plan), progress);
  }

  /**
   * Registers the new generation and creates its empty tables; this process holds the build until
   * {@link #build} ends. Throws when one is already building.
   */
  public int begin(ReplayPlan plan) {
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
      LOG.info("replay of {} builds generation {} from {}", model.name(), generation, plan.start().describe());
      return generation;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * The building generation a killed process left behind, taken over by this process so it can be
   * resumed with {@link #resume}; empty when none is building. Throws when a live process is
   * building it.
   */
  public Optional<Generation> takeOver() {
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
    hold(lock);
    return still;
  }

  /**
   * Resumes {@code building} (from {@link #takeOver}): each partition continues from the offsets
   * the generation stored with its last committed batch, indexes a killed build did not commit are
   * built, then catch-up and switch as usual.
   */
  public ReplayResult resume(Generation building, Consumer<ReplayProgress> progress, BooleanSupplier upstreamCaughtUp) {
    ReplayPlan plan;
    try {
      plan = plan(ReplayStart.parse(building.replayFrom()));
    } catch (RuntimeException e) {
      release();
      throw e;
    }
    LOG.info("replay of {}: resuming generation {} from its stored offsets", model.name(), building.generation());
    return build(plan, building.generation(), progress, upstreamCaughtUp, building.recordsDone());
  }

  /** Loads, indexes and switches to {@code generation} registered by {@link #begin}; drops it on failure. */
  public ReplayResult build(ReplayPlan plan, int generation, Consumer<ReplayProgress> progress) {
    return build(plan, generation, progress, () -> true, 0);
  }

  /**
   * Builds, switching only once {@code upstreamCaughtUp} says the topic holds everything it will (a
   * roll: its pipeline has re-processed {@code docs.submitted.v1}); it is asked before each
   * catch-up round reads the end offsets.
   */
  private ReplayResult build(ReplayPlan plan, int generation, Consumer<ReplayProgress> progress,
      BooleanSupplier upstreamCaughtUp, long alreadyDone) {
    long started = System.nanoTime();
    try {
      Projection<K, V> building = model.building(generation);
      BatchTransaction<K, V> batches = new BatchTransaction<>(building, jdbi, offsets);
      Meter meter = new Meter(generation, plan.recordsExpected(), started, progress);
      meter.done = alreadyDone;
      try (KafkaConsumer<byte[], byte[]> consumer = ReplayConsumer.open(model.topic(), settings)) {
        List<TopicPartition> partitions = List.copyOf(plan.startOffsets().keySet());
        consumer.assign(partitions);
        // A resumed build continues after its last committed batch; a new one has stored nothing yet.
        Map<TopicPartition, Long> stored = batches.storedOffsets();
        plan.startOffsets().forEach((partition, start) -> consumer.seek(partition, stored.getOrDefault(partition, start)));
        load(consumer, batches, plan.endOffsets(), "loading", meter);
        long loaded = System.nanoTime();
        meter.report("indexing", 0, true);
        jdbi.useHandle(handle -> generations.progress(handle, model.name(), generation, "indexing", meter.done, 0));
        indexes.build(generation, plan.liveGeneration());
        long indexed = System.nanoTime();
        while (true) {
          boolean upstream = upstreamCaughtUp.getAsBoolean();
          load(consumer, batches, consumer.endOffsets(partitions), "catching-up", meter);
          if (!upstream) {
            waitForUpstream(meter);
            continue;
          }
          Map<TopicPartition, Long> positions = new HashMap<>();
          partitions.forEach(partition -> positions.put(partition, consumer.position(partition)));
          if (trySwitch(generation, building.name(), positions)) {
            meter.report("switched", 0, true);
            LOG.info("replay of {}: generation {} is live after {} records", model.name(), generation, meter.done);
            return new ReplayResult(generation, meter.done, Duration.ofNanos(loaded - started),
                Duration.ofNanos(indexed - loaded), Duration.ofNanos(System.nanoTime() - started));
          }
        }
      }
    } catch (RuntimeException e) {
      dropBuilding(generation, e);
      throw e;
    } finally {
      release();
    }
  }

  private void waitForUpstream(Meter meter) {
    if (!report(meter, "catching-up", 0)) {
      throw new ReplayAbortedException("generation " + meter.generation + " of " + model.name() + " was aborted");
    }
    try {
      Thread.sleep(settings.pollTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayAbortedException("interrupted while waiting for the upstream pipeline");
    }
  }

  private void hold(BuildLock lock) {
    BuildLock previous = held.getAndSet(lock);
    if (previous != null) {
      previous.close();
    }
  }

  /** Gives up the build this process holds (after {@link #takeOver}) without touching the generation. */
  public void release() {
    BuildLock lock = held.getAndSet(null);
    if (lock != null) {
      lock.close();
    }
  }

  /** Aborts the generation being built, if any: drops its tables, marks it aborted; returns its number. */
  public Optional<Integer> abort() {
    Optional<Generation> building =
        jdbi.withHandle(handle -> generations.building(handle, model.name()));
    building.ifPresent(g -> dropBuilding(g.generation(), new ReplayAbortedException("aborted by an operator")));
    return building.map(Generation::generation);
  }

  /** Drops retired generations whose grace period is over; returns their numbers. */
  public List<Integer> dropRetired() {
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

  private void load(KafkaConsumer<byte[], byte[]> consumer, BatchTransaction<K, V> batches,
      Map<TopicPartition, Long> targets, String phase, Meter meter) {
    // The next batch is polled and decoded while the previous one commits; the meter counts
    // records when they are polled, at most one batch ahead of the committed ones.
    try (BatchPipeline<K, V> pipeline = new BatchPipeline<>(batches)) {
      while (behind(consumer, targets) > 0) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
        if (!records.isEmpty()) {
          pipeline.submit(records);
        }
        if (meter.add(records.count()) && !report(meter, phase, behind(consumer, targets))) {
          throw new ReplayAbortedException("generation " + meter.generation + " of " + model.name() + " was aborted");
        }
      }
      pipeline.await();
    }
  }

  private boolean report(Meter meter, String phase, long lag) {
    ReplayProgress progress = meter.report(phase, lag, false);
    return jdbi.withHandle(handle -> generations.progress(handle, model.name(), meter.generation, phase,
        progress.recordsDone(), progress.recordsPerSecond()));
  }

  private static long behind(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> targets) {
    long behind = 0;
    for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
      behind += Math.max(0, target.getValue() - consumer.position(target.getKey()));
    }
    return behind;
  }

  /** Switches when the new generation holds at least what the live one does; false to catch up further. */
  private boolean trySwitch(int generation, String buildingName, Map<TopicPartition, Long> positions) {
    return jdbi.inTransaction(handle -> {
      String liveTopic = generations.liveGeneration(handle, model.name())
          .map(Generation::sourceTopic).orElse(null);
      boolean sameTopic = (liveTopic == null ? defaultTopic.name() : liveTopic).equals(model.topic().name());
      // The live projector's lock: its batches wait, and none is half-applied to the old generation.
      String lockedTopic = liveTopic == null ? defaultTopic.name() : liveTopic;
      if (sameTopic) {
        // Claims the rows of partitions the live projector has not written yet, so it cannot slip a first batch in.
        offsets.lock(handle, model.name(), lockedTopic,
            positions.keySet().stream().map(TopicPartition::partition).toList());
      }
      Map<TopicPartition, Long> live = offsets.lockAll(handle, model.name(), lockedTopic);
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
      model.makeLive(handle, generation);
      generations.switchLive(handle, model.name(), generation, settings.retireGrace());
      return true;
    });
  }

  private void dropBuilding(int generation, RuntimeException cause) {
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

  private static Map<TopicPartition, Long> startsAt(KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions, Map<TopicPartition, Long> ends, ReplayStart.FromTime from) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, from.time().toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> starts = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp hit = found.get(partition);
      // No record at or after the time: nothing to read in that partition.
      starts.put(partition, hit == null ? ends.get(partition) : hit.offset());
    }
    return starts;
  }

  /** Counts records and rates them; says when a report is due. */
  private static final class Meter {
    private final int generation;
    private final long expected;
    private final long started;
    private final Consumer<ReplayProgress> listener;
    private long done;
    private long lastReport;

    Meter(int generation, long expected, long started, Consumer<ReplayProgress> listener) {
      this.generation = generation;
      this.expected = expected;
      this.started = started;
      this.listener = listener;
      this.lastReport = started;
    }

    boolean add(int records) {
      done += records;
      return System.nanoTime() - lastReport >= REPORT_EVERY.toNanos();
    }

    ReplayProgress report(String phase, long lag, boolean always) {
      long now = System.nanoTime();
      lastReport = now;
      double seconds = Math.max(1e-9, (now - started) / 1e9);
      double rate = done / seconds;
      long left = Math.max(0, expected - done);
      Duration eta = rate <= 0 ? null : Duration.ofMillis((long) (left / rate * 1000));
      ReplayProgress progress = new ReplayProgress(generation, phase, done, expected, rate, eta, lag);
      listener.accept(progress);
      return progress;
    }
  }
}
