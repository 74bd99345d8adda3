package io.tributary.platform.health;

import static java.util.Objects.requireNonNull;

import io.tributary.edge.health.HealthReport;
import io.tributary.edge.health.ReadinessCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a role's liveness checks every few seconds and, the first time one is down, ends the
 * process with {@link #EXIT_CODE}: a Kafka Streams client in ERROR or a stalled projector never
 * recovers by itself, and a non-zero exit is what makes an orchestrator restart it (the probe on
 * {@code /health/live} says the same to one that asks).
 */
public final class LivenessWatch implements AutoCloseable {

  /** Exit status of a process that cannot go on (EX_SOFTWARE). */
  public static final int EXIT_CODE = 70;

  private static final Logger LOG = LoggerFactory.getLogger(LivenessWatch.class);

  private final List<ReadinessCheck> checks;
  private final IntConsumer exit;
  private final AtomicBoolean fired = new AtomicBoolean();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("liveness-watch").daemon().factory());

  private LivenessWatch(List<ReadinessCheck> checks, IntConsumer exit) {
    this.checks = List.copyOf(checks);
    this.exit = requireNonNull(exit, "exit");
  }

  /** Starts watching {@code checks} every {@code interval}; {@code exit} ends the process (tests pass their own). */
  public static LivenessWatch start(List<ReadinessCheck> checks, Duration interval, IntConsumer exit) {
    LivenessWatch watch = new LivenessWatch(checks, exit);
    long every = interval.toMillis();
    watch.timer.scheduleWithFixedDelay(watch::look, every, every, TimeUnit.MILLISECONDS);
    return watch;
  }

  /** Ends the JVM: shutdown hooks (the role's orderly close) run first. */
  public static void exitProcess(int status) {
    // From a thread of its own: System.exit waits for the shutdown hooks, which close this watch.
    Thread.ofPlatform().name("liveness-exit").start(() -> System.exit(status));
  }

  private void look() {
    try {
      HealthReport report = HealthReport.of(checks);
      if (!report.up() && fired.compareAndSet(false, true)) {
        LOG.atError().addKeyValue("liveness", report.body())
            .log("a component of this process cannot go on; exiting with status " + EXIT_CODE + " to be restarted");
        exit.accept(EXIT_CODE);
      }
    } catch (RuntimeException e) {
      LOG.warn("liveness look failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
