package io.tributary.projections.replay;

import java.time.Duration;
import java.util.Locale;

/**
 * A progress report of a running replay.
 *
 * @param generation the generation being built
 * @param phase loading, indexing, catching-up, switched
 * @param recordsDone records consumed so far
 * @param recordsExpected the plan's upper bound
 * @param recordsPerSecond consumption rate since the start
 * @param eta estimated time to the end of the load; {@code null} when unknown
 * @param lag records between the replay's position and the log end
 */
public record ReplayProgress(
    int generation,
    String phase,
    long recordsDone,
    long recordsExpected,
    double recordsPerSecond,
    Duration eta,
    long lag) {

  /** One line for a terminal. */
  public String describe() {
    return String.format(Locale.ROOT, "generation %d %s: %d/%d records, %.0f records/s, ETA %s, lag %d",
        generation, phase, recordsDone, recordsExpected, recordsPerSecond,
        eta == null ? "?" : eta.toSeconds() + " s", lag);
  }
}
