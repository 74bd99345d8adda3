package io.tributary.platform.health;

import io.tributary.edge.health.ReadinessCheck;
import java.util.List;

/**
 * What a role process reports on its management port.
 *
 * @param readiness checks that decide {@code /health/ready}: whether it does its work now
 * @param liveness checks that decide {@code /health/live}: whether it can ever go on without a restart
 */
public record RoleHealth(List<ReadinessCheck> readiness, List<ReadinessCheck> liveness) {

  public RoleHealth {
    readiness = List.copyOf(readiness);
    liveness = List.copyOf(liveness);
  }
}
