package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts replays in the background for the API; progress is read back through the generations table. */
public final class ReplayLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayLauncher.class);

  private final Map<String, Replay<?, ?>> replays;

  /** Replays by projection name. */
  public ReplayLauncher(Map<String, Replay<?, ?>> replays) {
    this.replays = Map.copyOf(requireNonNull(replays, "replays"));
  }

  /** One replay per projection of {@code names}, made by {@code factory}. */
  public static ReplayLauncher of(List<String> names, Function<String, Replay<?, ?>> factory) {
    return new ReplayLauncher(names.stream().collect(Collectors.toMap(n -> n, factory)));
  }

  /** The replay of {@code projection}, if it is known. */
  public Optional<Replay<?, ?>> replay(String projection) {
    return Optional.ofNullable(replays.get(projection));
  }

  /** Plans a replay and runs it on a new virtual thread; returns the plan. Throws when none is known or one is building. */
  public ReplayPlan launch(String projection, ReplayStart start) {
    Replay<?, ?> replay = replay(projection)
        .orElseThrow(() -> new IllegalArgumentException("no projection named " + projection));
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
