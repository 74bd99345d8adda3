package io.tributary.platform.roles;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.edge.health.ReadinessCheck.CheckResult;
import io.tributary.platform.health.StallCheck;
import io.tributary.projections.projector.ProjectorStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** How the roles running in this process report readiness and liveness: projectors and Kafka Streams apps. */
final class RoleReadiness {

  private RoleReadiness() {}

  /** Ready while the projector runs and its last batch did not fail. */
  static ReadinessCheck projector(String projection, Supplier<ProjectorStatus> status) {
    return ReadinessCheck.of("projector-" + projection, () -> {
      ProjectorStatus now = status.get();
      String detail = now.recordsApplied() + " records applied"
          + (now.lastError() == null ? "" : "; last error: " + now.lastError());
      return now.healthy() ? CheckResult.up(detail) : CheckResult.down(detail);
    });
  }

  /** Ready while a Kafka Streams application runs (or rebalances). */
  static ReadinessCheck streams(String name, BooleanSupplier running, Supplier<? extends Enum<?>> state) {
    return ReadinessCheck.of(name, () -> {
      String detail = state.get().name();
      return running.getAsBoolean() ? CheckResult.up(detail) : CheckResult.down(detail);
    });
  }

  /**
   * Alive unless the Kafka Streams client reached ERROR (or is on its way there): every stream
   * thread died, and the client never restarts by itself.
   */
  static ReadinessCheck streamsAlive(String name, Supplier<? extends Enum<?>> state) {
    return ReadinessCheck.of(name, () -> {
      String now = state.get().name();
      return now.equals("ERROR") || now.equals("PENDING_ERROR") ? CheckResult.down(now) : CheckResult.up(now);
    });
  }

  /**
   * Alive while the projector makes progress: its loop runs and its batches commit. Down after it
   * failed every attempt (or stayed stopped) for longer than {@code stallLimit}.
   */
  static ReadinessCheck projectorAlive(String projection, Supplier<ProjectorStatus> status, Duration stallLimit) {
    return new StallCheck(projector(projection, status), stallLimit, Clock.systemUTC());
  }
}
