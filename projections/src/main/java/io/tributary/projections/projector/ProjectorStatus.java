package io.tributary.projections.projector;

import java.time.Instant;

/**
 * A snapshot of one projector, for readiness checks and the lag dashboard.
 *
 * @param running the poll loop is alive
 * @param lastAppliedAt when the last batch was committed to Postgres; {@code null} before the first
 * @param recordsApplied records committed by this runner since it started
 * @param consecutiveFailures failed attempts since the last successful batch
 * @param lastError message of the most recent failure; {@code null} after a success
 * @param paused partitions are paused while an infrastructure failure is waited out
 * @param deadLettered records this runner dead-lettered since it started
 * @param parked records this runner parked behind open dead letters since it started
 */
public record ProjectorStatus(
    String projection,
    boolean running,
    Instant lastAppliedAt,
    long recordsApplied,
    int consecutiveFailures,
    String lastError,
    boolean paused,
    long deadLettered,
    long parked) {

  /** Running and not currently failing; dead letters are data problems and leave it healthy. */
  public boolean healthy() {
    return running && consecutiveFailures == 0;
  }
}
