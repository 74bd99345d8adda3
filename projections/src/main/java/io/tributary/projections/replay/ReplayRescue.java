package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up replays whose process died: every API replica looks for a generation left building with
 * a free build lock and resumes it from the offsets it stored. The build lock (a Postgres advisory
 * lock) lets exactly one replica win; the others see it taken and leave it alone.
 */
public final class ReplayRescue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayRescue.class);

  private final ReplayLauncher launcher;
  private final ScheduledExecutorService scheduler;

  private ReplayRescue(ReplayLauncher launcher) {
    this.launcher = requireNonNull(launcher, "launcher");
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("replay-rescue").daemon().factory());
  }

  /** Looks for orphaned replays every {@code every} until closed. */
  public static ReplayRescue start(ReplayLauncher launcher, Duration every) {
    ReplayRescue rescue = new ReplayRescue(launcher);
    long millis = every.toMillis();
    rescue.scheduler.scheduleWithFixedDelay(rescue::rescueOnce, millis, millis, TimeUnit.MILLISECONDS);
    return rescue;
  }

  /** One look; returns the generations it resumed. */
  List<Integer> rescueOnce() {
    List<Integer> resumed = new ArrayList<>();
    for (String projection : launcher.names()) {
      try {
        Optional<Integer> generation = launcher.resumeOrphan(projection);
        generation.ifPresent(resumed::add);
      } catch (RuntimeException e) {
        // Another process builds it, a roll left it, or Postgres is away: look again next time.
        LOG.debug("no replay of {} to resume: {}", projection, e.getMessage());
      }
    }
    return resumed;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
