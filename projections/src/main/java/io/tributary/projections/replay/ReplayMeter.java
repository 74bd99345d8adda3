package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.generations.BuildProgress;
import io.tributary.projections.generations.GenerationStore;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Counts what a build has done, phase by phase, and reports it at most once a second to the
 * caller's listener and to {@code ops.projection_generations} (where the API and {@code tributary
 * projections} read it). Each phase has its own count, rate and ETA: the index build, the longest
 * part, counts the rows its largest index has taken in.
 */
final class ReplayMeter {

  private static final Duration REPORT_EVERY = Duration.ofSeconds(1);

  private final String projection;
  private final int generation;
  private final long recordsExpected;
  private final Consumer<ReplayProgress> listener;
  private final Jdbi jdbi;
  private final Supplier<Optional<String>> waiting;
  private final GenerationStore generations = new GenerationStore();
  private long recordsDone;
  private String phase = "loading";
  private String unit = "records";
  private long phaseStarted = System.nanoTime();
  private long phaseDone;
  private long phaseTotal;
  private long lag;
  private long lastReport = System.nanoTime();
  private long reportedDone;

  /**
   * @param alreadyDone records a killed build of this generation had committed
   * @param waiting why the build's database calls wait, if they do
   */
  ReplayMeter(String projection, int generation, long recordsExpected, long alreadyDone,
      Consumer<ReplayProgress> listener, Jdbi jdbi, Supplier<Optional<String>> waiting) {
    this.projection = requireNonNull(projection, "projection");
    this.generation = generation;
    this.recordsExpected = recordsExpected;
    this.recordsDone = alreadyDone;
    this.listener = requireNonNull(listener, "listener");
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.waiting = requireNonNull(waiting, "waiting");
  }

  int generation() {
    return generation;
  }

  long recordsDone() {
    return recordsDone;
  }

  /**
   * Starts {@code name}, which expects {@code total} {@code counting} (0: unknown), and reports it.
   * The phase it ends is reported first with what it finished at, when its last report said less.
   */
  void phase(String name, long total, String counting) {
    if (phaseDone != reportedDone) {
      reportOrAbort();
    }
    phase = name;
    unit = counting;
    phaseTotal = total;
    phaseDone = 0;
    phaseStarted = System.nanoTime();
    reportOrAbort();
  }

  /** Counts {@code count} records consumed, {@code behind} still to read; reports when due. */
  void records(int count, long behind) {
    recordsDone += count;
    phaseDone += count;
    lag = behind;
    if (due()) {
      reportOrAbort();
    }
  }

  /** The phase has done {@code done} units of {@code total} (0: unchanged); reports when due. */
  void progress(long done, long total) {
    phaseDone = done;
    if (total > 0) {
      phaseTotal = total;
    }
    if (due()) {
      reportOrAbort();
    }
  }

  /** The index build's listener: the indexing phase counts rows of the largest index. */
  IndexBuild.Listener indexing() {
    return new IndexBuild.Listener() {
      @Override
      public void started(long rows) {
        phase("indexing", rows, "rows");
      }

      @Override
      public void progress(long rows) {
        ReplayMeter.this.progress(rows, 0);
      }
    };
  }

  /** Reports now; throws {@link ReplayAbortedException} when the generation was aborted meanwhile. */
  void reportOrAbort() {
    if (!report()) {
      throw new ReplayAbortedException("generation " + generation + " of " + projection + " was aborted");
    }
  }

  /** Reports now; false when the generation is no longer building. */
  boolean report() {
    ReplayProgress progress = snapshot();
    listener.accept(progress);
    Long eta = progress.eta() == null ? null : progress.eta().toSeconds();
    BuildProgress stored = new BuildProgress(phase, recordsDone, phaseDone, phaseTotal, unit, progress.perSecond(),
        eta, progress.waitingFor());
    return jdbi.withHandle(handle -> generations.progress(handle, projection, generation, stored));
  }

  /** The report as it stands, without sending it. */
  ReplayProgress snapshot() {
    long now = System.nanoTime();
    lastReport = now;
    reportedDone = phaseDone;
    double seconds = Math.max(1e-9, (now - phaseStarted) / 1e9);
    double rate = phaseDone / seconds;
    Duration eta = rate <= 0 || phaseTotal <= 0 ? null
        : Duration.ofMillis((long) (Math.max(0, phaseTotal - phaseDone) / rate * 1000));
    return new ReplayProgress(generation, phase, recordsDone, recordsExpected, phaseDone, phaseTotal, unit, rate, eta,
        lag, waiting.get().orElse(null));
  }

  /** Reports the final phase to the listener only (the switch already recorded it). */
  void finished(String name) {
    phase = name;
    phaseDone = phaseTotal;
    listener.accept(snapshot());
  }

  private boolean due() {
    return System.nanoTime() - lastReport >= REPORT_EVERY.toNanos();
  }
}
