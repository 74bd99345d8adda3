package io.tributary.edge.health;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.edge.http.JsonResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /health/live} (the process answers) and {@code /health/ready} (every check is up). */
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
    Map<String, Map<String, Object>> results = new LinkedHashMap<>();
    boolean allUp = true;
    for (ReadinessCheck check : checks) {
      ReadinessCheck.CheckResult result = safely(check);
      allUp &= result.up();
      results.put(check.name(), Map.of("status", result.up() ? "UP" : "DOWN", "detail", result.detail()));
    }
    JsonResponses.send(response, allUp ? 200 : 503, Map.of("status", allUp ? "UP" : "DOWN", "checks", results));
  }

  private static ReadinessCheck.CheckResult safely(ReadinessCheck check) {
    try {
      return check.check();
    } catch (RuntimeException e) {
      return ReadinessCheck.CheckResult.down(e.getClass().getSimpleName());
    }
  }
}
