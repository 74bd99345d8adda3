package io.tributary.projections.projector;

import java.time.Clock;
import java.time.Instant;

/** The mutable side of {@link ProjectorStatus}: written by the runner thread, read by anyone. */
final class StatusTracker {

  private static final int MAX_ERROR_LENGTH = 500;

  private final String projection;
  private final Clock clock;
  private boolean running;
  private Instant lastAppliedAt;
  private long recordsApplied;
  private int consecutiveFailures;
  private String lastError;
  private boolean paused;
  private long deadLettered;
  private long parked;

  StatusTracker(String projection, Clock clock) {
    this.projection = projection;
    this.clock = clock;
  }

  synchronized void running(boolean value) {
    running = value;
  }

  synchronized void applied(int records, RecordApplier.Outcome outcome) {
    lastAppliedAt = clock.instant();
    recordsApplied += records;
    deadLettered += outcome.deadLetters().size();
    parked += outcome.parked();
    consecutiveFailures = 0;
    lastError = null;
  }

  synchronized void paused(boolean value) {
    paused = value;
  }

  /** Records a failure and returns how many happened in a row. */
  synchronized int failed(Throwable error) {
    consecutiveFailures++;
    lastError = describe(error);
    return consecutiveFailures;
  }

  synchronized ProjectorStatus snapshot() {
    return new ProjectorStatus(projection, running, lastAppliedAt, recordsApplied, consecutiveFailures, lastError,
        paused, deadLettered, parked);
  }

  /** Class and message only: the message is bounded because it ends up in health endpoints. */
  static String describe(Throwable error) {
    String text = error.getClass().getSimpleName() + ": " + error.getMessage();
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "…";
  }
}
