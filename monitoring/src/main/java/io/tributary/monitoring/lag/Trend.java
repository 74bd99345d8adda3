package io.tributary.monitoring.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How fast lag changes: offsets per second and seconds of lag per second (positive: falling behind),
 * and how fast the group consumes (committed offsets per second), over a trailing window.
 */
public record Trend(double offsetsPerSecond, double secondsPerSecond, double consumedPerSecond) {

  /** No change known (too little history). */
  public static final Trend FLAT = new Trend(0, 0, 0);

  /**
   * The slope between the oldest point of {@code history} inside {@code window} before {@code current}
   * and {@code current}; {@link #FLAT} without such a point. {@code history} is oldest first.
   */
  public static Trend over(List<LagPoint> history, LagPoint current, Duration window) {
    Instant from = current.at().minus(window);
    for (LagPoint point : history) {
      if (point.at().isBefore(from) || !point.at().isBefore(current.at())) {
        continue;
      }
      double seconds = Duration.between(point.at(), current.at()).toNanos() / 1e9;
      return new Trend((current.lagOffsets() - point.lagOffsets()) / seconds,
          (current.lagSeconds() - point.lagSeconds()) / seconds,
          Math.max(0, current.committed() - point.committed()) / seconds);
    }
    return FLAT;
  }
}
