package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.generations.Generation;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts replays in the background for the API; progress is read back through the generations table. */
public final class ReplayLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayLauncher.class);

  private final List<String> names;
  private final Function<String, Replay<?, ?>> factory;

  /**
   * Replays of the projections {@code names}, each made by {@code factory} when asked for: a replay
   * reads the topic the live generation follows at that moment (a roll may have moved it).
   */
  public ReplayLauncher(List<String> names, Function<String, Replay<?, ?>> factory) {
    this.names = List.copyOf(requireNonNull(names, "names"));
    this.factory = requireNonNull(factory, "factory");
  }

  /** One replay per projection of {@code names}, made by {@code factory}. */
  public static ReplayLauncher of(List<String> names, Function<String, Replay<?, ?>> factory) {
    return new ReplayLauncher(names, factory);
  }

  /** The projections this launcher can replay. */
  public List<String> names() {
    return names;
  }

  /**
   * Resumes, on a new virtual thread, a generation of {@code projection} whose builder died (its
   * build lock is free); returns the generation, or empty when none is orphaned. Throws when a
   * live process is building it, or when a roll (not a replay) left it.
   */
  public Optional<Integer> resumeOrphan(String projection) {
    Replay<?, ?> replay = replay(projection)
        .orElseThrow(() -> new IllegalArgumentException("no projection named " + projection));
    Optional<Generation> orphan = replay.takeOver();
    orphan.ifPresent(generation -> resumeInBackground(projection, replay, generation));
    return orphan.map(Generation::generation);
  }

  private static void resumeInBackground(String projection, Replay<?, ?> replay, Generation orphan) {
    LOG.info("resuming generation {} of {}, left building by a stopped process", orphan.generation(), projection);
    Thread.ofVirtual().name("replay-" + projection).start(() -> {
      try {
        replay.resume(orphan, progress -> LOG.info("replay of {}: {}", projection, progress.describe()), () -> true);
      } catch (RuntimeException e) {
        LOG.warn("resumed replay of {} ended without a switch: {}", projection, e.toString());
      }
    });
  }

  /** The replay of {@code projection}, if it is known. */
  public Optional<Replay<?, ?>> replay(String projection) {
    return names.contains(projection) ? Optional.of(factory.apply(projection)) : Optional.empty();
  }

  /**
   * Plans a replay and runs it on a new virtual thread; returns the plan. A generation a killed
   * process left building is resumed instead (its recorded start wins). Throws when none is known
   * or another process is building.
   */
  public ReplayPlan launch(String projection, ReplayStart start) {
    Replay<?, ?> replay = replay(projection)
        .orElseThrow(() -> new IllegalArgumentException("no projection named " + projection));
    Optional<Generation> orphan = replay.takeOver();
    if (orphan.isPresent()) {
      ReplayPlan resumed;
      try {
        resumed = replay.plan(ReplayStart.parse(orphan.get().replayFrom()));
      } catch (RuntimeException e) {
        replay.release();
        throw e;
      }
      resumeInBackground(projection, replay, orphan.get());
      return resumed;
    }
    ReplayPlan plan = replay.plan(start);
    // Registered before returning, so a second request is refused and the status shows it at once.
    int generation = replay.begin(plan);
    Thread.ofVirtual().name("replay-" + projection).start(() -> {
      try {
        replay.build(plan, generation, progress -> LOG.info("replay of {}: {}", projection, progress.describe()));
      } catch (RuntimeException e) {
        LOG.warn("replay of {} ended without a switch: {}", projection, e.toString());
      }
    });
    return plan;
  }
}
