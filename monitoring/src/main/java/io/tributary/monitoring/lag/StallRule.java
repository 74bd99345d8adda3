package io.tributary.monitoring.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A partition is stalled when records wait for it and its committed offset has not moved for a whole window. */
public final class StallRule {

  private final Duration window;

  public StallRule(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("stall window must be positive, was " + window);
    }
    this.window = window;
  }

  /**
   * True when {@code current} has records waiting and the newest point of {@code history} (oldest first)
   * that is at least a window old had the same committed offset and was lagging too. Without history
   * that old the answer is false: a stall is only claimed once it has lasted the whole window.
   */
  public boolean stalled(List<LagPoint> history, LagPoint current, boolean recordsWaiting) {
    if (!recordsWaiting || current.lagOffsets() <= 0) {
      return false;
    }
    Instant anchorBefore = current.at().minus(window);
    LagPoint anchor = null;
    for (LagPoint point : history) {
      if (!point.at().isAfter(anchorBefore)) {
        anchor = point;
      }
    }
    return anchor != null && anchor.committed() == current.committed() && anchor.lagOffsets() > 0;
  }

  public Duration window() {
    return window;
  }
}
