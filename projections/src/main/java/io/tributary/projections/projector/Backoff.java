package io.tributary.projections.projector;

import java.time.Duration;

/** Exponential back-off, doubled per failure and capped; one instance per runner thread. */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private Duration next;

  Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
    this.next = initial;
  }

  /** The wait before the next attempt; each call doubles the following one up to the cap. */
  Duration next() {
    Duration current = next;
    Duration doubled = current.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return current;
  }

  /** Back to the initial wait, after a success. */
  void reset() {
    next = initial;
  }
}
