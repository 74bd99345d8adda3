package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.Rebuildable;
import io.tributary.projections.projector.BatchTransaction;
import io.tributary.projections.projector.OffsetStore;
import io.tributary.schemas.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a read model as generation N+1 beside the live one, in phases: loading (the log streamed
 * in batches into tables without secondary indexes), indexing, catching-up, then switching (one
 * transaction moves the live projection's offsets and points readers at the new generation). The
 * jobs are {@link ReplayPlanner}, {@link BuildLease}, {@link GenerationLoader}, {@link IndexBuild}
 * and {@link GenerationSwitch}; this class runs them in order. A failure or an abort drops the new
 * generation and leaves the live one untouched. Replayed records have no side effects: dead
 * letters are recorded for the new generation but not published again.
 */
public final class Replay<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);

  private final Rebuildable<K, V> model;
  private final Jdbi jdbi;
  private final ReplaySettings settings;
  private final Supplier<Optional<String>> waits;
  private final ReplayPlanner planner;
  private final BuildLease lease;
  private final IndexBuild indexes;
  private final GenerationSwitch switcher;

  /** A replay of {@code model}, whose projection's own topic (before any roll) is {@code model.topic()}. */
  public Replay(Rebuildable<K, V> model, Jdbi jdbi, ReplaySettings settings) {
    this(model, jdbi, settings, model.topic());
  }

  /**
   * A replay of {@code model}; {@code defaultTopic} is the topic a generation without a recorded
   * source follows (for rag, {@code docs.embedded.v1}).
   */
  public Replay(Rebuildable<K, V> model, Jdbi jdbi, ReplaySettings settings, Topic<?, ?> defaultTopic) {
    this(model, jdbi, settings, defaultTopic, Optional::empty);
  }

  /**
   * A replay whose {@code jdbi} should hold at most {@code settings.limits().maxConnections()}
   * connections; {@code waits} says why its calls wait for a connection (see {@code
   * Database.forLongJobs}), and progress reports carry it.
   */
  public Replay(Rebuildable<K, V> model, Jdbi jdbi, ReplaySettings settings, Topic<?, ?> defaultTopic,
      Supplier<Optional<String>> waits) {
    this.model = requireNonNull(model, "model");
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.settings = requireNonNull(settings, "settings");
    this.waits = requireNonNull(waits, "waits");
    this.planner = new ReplayPlanner(model, jdbi, settings);
    this.lease = new BuildLease(model, jdbi, requireNonNull(defaultTopic, "defaultTopic"));
    this.indexes = new IndexBuild(model, jdbi, settings.limits());
    this.switcher = new GenerationSwitch(model, jdbi, defaultTopic, settings.retireGrace());
  }

  /** What a replay from {@code start} would read and write; writes nothing. */
  public ReplayPlan plan(ReplayStart start) {
    return planner.plan(start);
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
    int generation = lease.begin(plan);
    LOG.info("replay of {} builds generation {} from {} ({})", model.name(), generation, plan.start().describe(),
        settings.limits().describe());
    return generation;
  }

  /**
   * The building generation a killed process left behind, taken over by this process so it can be
   * resumed with {@link #resume}; empty when none is building. Throws when a live process is
   * building it.
   */
  public Optional<Generation> takeOver() {
    return lease.takeOver();
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
      BatchTransaction<K, V> batches = new BatchTransaction<>(model.building(generation), jdbi, new OffsetStore());
      ReplayMeter meter = new ReplayMeter(model.name(), generation, plan.recordsExpected(), alreadyDone, progress,
          jdbi, waits);
      try (KafkaConsumer<byte[], byte[]> consumer = ReplayConsumer.open(model.topic(), settings)) {
        List<TopicPartition> partitions = List.copyOf(plan.startOffsets().keySet());
        consumer.assign(partitions);
        // A resumed build continues after its last committed batch; a new one has stored nothing yet.
        Map<TopicPartition, Long> stored = batches.storedOffsets();
        plan.startOffsets().forEach((partition, start) -> consumer.seek(partition, stored.getOrDefault(partition, start)));
        GenerationLoader<K, V> loader = new GenerationLoader<>(consumer, batches, settings.pollTimeout());
        meter.phase("loading", loader.behind(plan.endOffsets()), "records");
        loader.loadTo(plan.endOffsets(), meter);
        long loaded = System.nanoTime();
        indexes.build(generation, plan.liveGeneration(), meter.indexing());
        long indexed = System.nanoTime();
        meter.phase("catching-up", 0, "records");
        while (true) {
          boolean upstream = upstreamCaughtUp.getAsBoolean();
          loader.loadTo(consumer.endOffsets(partitions), meter);
          if (!upstream) {
            waitForUpstream(meter);
            continue;
          }
          Map<TopicPartition, Long> positions = new HashMap<>();
          partitions.forEach(partition -> positions.put(partition, consumer.position(partition)));
          meter.phase("switching", 0, "records");
          if (switcher.trySwitch(generation, positions)) {
            meter.finished("switched");
            LOG.info("replay of {}: generation {} is live after {} records", model.name(), generation,
                meter.recordsDone());
            return new ReplayResult(generation, meter.recordsDone(), Duration.ofNanos(loaded - started),
                Duration.ofNanos(indexed - loaded), Duration.ofNanos(System.nanoTime() - started));
          }
          meter.phase("catching-up", 0, "records");
        }
      }
    } catch (RuntimeException e) {
      switcher.drop(generation, e);
      throw e;
    } finally {
      release();
    }
  }

  private void waitForUpstream(ReplayMeter meter) {
    meter.reportOrAbort();
    try {
      Thread.sleep(settings.pollTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayAbortedException("interrupted while waiting for the upstream pipeline");
    }
  }

  /** Gives up the build this process holds (after {@link #takeOver}) without touching the generation. */
  public void release() {
    lease.release();
  }

  /** Aborts the generation being built, if any: drops its tables, marks it aborted; returns its number. */
  public Optional<Integer> abort() {
    return switcher.abortBuilding();
  }

  /** Drops retired generations whose grace period is over; returns their numbers. */
  public List<Integer> dropRetired() {
    return switcher.dropRetired();
  }
}
