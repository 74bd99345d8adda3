package io.tributary.platform.roles;

import io.tributary.projections.replay.Replay;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drops read-model generations whose grace period after a replay's switch is over, once a minute. */
final class RetiredGenerations implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RetiredGenerations.class);

  private final ScheduledExecutorService schedule;

  private RetiredGenerations(ScheduledExecutorService schedule) {
    this.schedule = schedule;
  }

  static RetiredGenerations start(Replay<?, ?> replay) {
    ScheduledExecutorService schedule =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("retired-generations").daemon().factory());
    schedule.scheduleWithFixedDelay(() -> {
      try {
        replay.dropRetired();
      } catch (RuntimeException e) {
        // Postgres may be down: the projector reports that; try again next minute.
        LOG.debug("could not drop retired generations: {}", e.toString());
      }
    }, 1, 60, TimeUnit.SECONDS);
    return new RetiredGenerations(schedule);
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}
