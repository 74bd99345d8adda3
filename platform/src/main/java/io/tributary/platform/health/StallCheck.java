package io.tributary.platform.health;

import static java.util.Objects.requireNonNull;

import io.tributary.edge.health.ReadinessCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A liveness check that fails only after its condition has been down, at every look, for longer
 * than {@code limit}: a projector retrying a batch for a minute is alive, one failing for longer
 * than the configured stall time is not. Each {@link #check()} is one look.
 */
public final class StallCheck implements ReadinessCheck {

  private final ReadinessCheck condition;
  private final Duration limit;
  private final Clock clock;
  private Instant downSince;

  public StallCheck(ReadinessCheck condition, Duration limit, Clock clock) {
    this.condition = requireNonNull(condition, "condition");
    this.limit = requireNonNull(limit, "limit");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return condition.name();
  }

  @Override
  public synchronized CheckResult check() {
    CheckResult now = condition.check();
    Instant at = clock.instant();
    if (now.up()) {
      downSince = null;
      return now;
    }
    if (downSince == null) {
      downSince = at;
    }
    Duration down = Duration.between(downSince, at);
    String detail = "cannot proceed for " + down.toSeconds() + " s (limit " + limit.toSeconds() + " s): "
        + now.detail();
    return down.compareTo(limit) > 0 ? CheckResult.down(detail) : CheckResult.up(detail);
  }
}
