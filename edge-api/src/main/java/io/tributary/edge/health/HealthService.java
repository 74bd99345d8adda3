package io.tributary.edge.health;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.edge.http.JsonResponses;
import java.util.List;
import java.util.Map;

/** {@code /health/live} (the process answers) and {@code /health/ready} (every required check is up). */
public final class HealthService implements HttpService {

  private final List<ReadinessCheck> checks;

  public HealthService(List<ReadinessCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/live", this::live).get("/ready", this::ready);
  }

  private void live(ServerRequest request, ServerResponse response) {
    JsonResponses.send(response, 200, Map.of("status", "UP"));
  }

  private void ready(ServerRequest request, ServerResponse response) {
    HealthReport report = HealthReport.of(checks);
    JsonResponses.send(response, report.httpStatus(), report.body());
  }
}
