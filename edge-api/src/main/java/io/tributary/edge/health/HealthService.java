package io.tributary.edge.health;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.edge.http.JsonResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code /health/live} (the process answers) and {@code /health/ready} (every check is up). */
public final class HealthService implements HttpService {

  /** Longest a single readiness check may take before it counts as down. */
  static final Duration CHECK_TIMEOUT = Duration.ofMillis(1_500);

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
    // A dependency that hangs (e.g. a pool waiting for a dead Postgres) must not hang readiness.
    FutureTask<ReadinessCheck.CheckResult> task = new FutureTask<>(check::check);
    Thread.ofVirtual().name("readiness-" + check.name()).start(task);
    try {
      return task.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      return ReadinessCheck.CheckResult.down("no answer within " + CHECK_TIMEOUT.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ReadinessCheck.CheckResult.down("interrupted");
    } catch (ExecutionException e) {
      return ReadinessCheck.CheckResult.down(e.getCause().getClass().getSimpleName());
    }
  }
}
