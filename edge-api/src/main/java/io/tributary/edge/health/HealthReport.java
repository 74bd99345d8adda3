package io.tributary.edge.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The answer of a health endpoint: every check run (each bounded in time), UP when every required
 * check is up. A check that is not required and down leaves the answer UP and is named under
 * {@code degraded}, so the body says what the process does without it.
 *
 * @param up whether every required check is up
 * @param body the JSON body: {@code status}, {@code checks} and, when some are, {@code degraded}
 */
public record HealthReport(boolean up, Map<String, Object> body) {

  /** Longest a single check may take before it counts as down. */
  public static final Duration CHECK_TIMEOUT = Duration.ofMillis(1_500);

  /** Runs {@code checks} now. */
  public static HealthReport of(List<ReadinessCheck> checks) {
    Map<String, Map<String, Object>> results = new LinkedHashMap<>();
    List<String> degraded = new ArrayList<>();
    boolean allUp = true;
    for (ReadinessCheck check : checks) {
      ReadinessCheck.CheckResult result = safely(check);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("status", result.up() ? "UP" : "DOWN");
      entry.put("detail", result.detail());
      if (!check.required()) {
        entry.put("required", false);
        if (!result.up()) {
          degraded.add(check.name() + ": " + result.detail());
        }
      } else {
        allUp &= result.up();
      }
      results.put(check.name(), entry);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", allUp ? "UP" : "DOWN");
    if (!degraded.isEmpty()) {
      body.put("degraded", degraded);
    }
    body.put("checks", results);
    return new HealthReport(allUp, body);
  }

  /** The HTTP status of this answer: 200 or 503. */
  public int httpStatus() {
    return up ? 200 : 503;
  }

  private static ReadinessCheck.CheckResult safely(ReadinessCheck check) {
    // A dependency that hangs (e.g. a pool waiting for a dead Postgres) must not hang the endpoint.
    FutureTask<ReadinessCheck.CheckResult> task = new FutureTask<>(check::check);
    Thread.ofVirtual().name("health-" + check.name()).start(task);
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
