package io.tributary.projections.replay;

import java.time.Duration;
import java.util.Locale;

/**
 * A progress report of a running replay: the whole build's records, and the current phase's own
 * count, rate and ETA (the index build counts rows of its largest index, not records).
 *
 * @param generation the generation being built
 * @param phase loading, indexing, catching-up, switching, switched
 * @param recordsDone records consumed so far
 * @param recordsExpected the plan's upper bound
 * @param phaseDone units the current phase has done (records; rows while indexing)
 * @param phaseTotal units the current phase expects; 0 when unknown
 * @param unit what the phase counts: {@code records} or {@code rows}
 * @param perSecond the current phase's rate since it started
 * @param eta estimated time to the end of the current phase; {@code null} when unknown
 * @param lag records between the replay's position and the log end
 * @param waitingFor why the build is waiting (e.g. for a database connection); {@code null} when it is not
 */
public record ReplayProgress(
    int generation,
    String phase,
    long recordsDone,
    long recordsExpected,
    long phaseDone,
    long phaseTotal,
    String unit,
    double perSecond,
    Duration eta,
    long lag,
    String waitingFor) {

  /** One line for a terminal. */
  public String describe() {
    if (phase.equals("switched")) {
      return String.format(Locale.ROOT, "generation %d switched: %d records", generation, recordsDone);
    }
    String line = String.format(Locale.ROOT, "generation %d %s: %d/%d %s, %.0f %s/s, ETA %s; %d/%d records, lag %d",
        generation, phase, phaseDone, phaseTotal, unit, perSecond, unit, eta == null ? "?" : eta.toSeconds() + " s",
        recordsDone, recordsExpected, lag);
    return waitingFor == null ? line : line + "; waiting: " + waitingFor;
  }
}
