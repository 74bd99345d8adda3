package io.tributary.platform.roles;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.edge.health.ReadinessCheck.CheckResult;
import io.tributary.projections.projector.ProjectorStatus;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** How the roles running in this process report readiness: projectors and Kafka Streams apps. */
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
}
