package io.tributary.edge.ratelimit;

import static java.util.Objects.requireNonNull;

import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.tributary.edge.http.ApiException;
import io.tributary.edge.security.Caller;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each tenant's fair share of the write path ({@code POST}/{@code DELETE} on documents and
 * intents): at most {@code maxConcurrent} of its writes in flight and {@code perMinute} started per
 * minute, whatever its number of subjects or addresses. A tenant over its share gets 429 while the
 * others' writes go on, so one tenant cannot fill the producer, the Kafka breaker's window or the
 * request threads for everyone. Runs after authentication; 0 turns either bound off.
 *
 * <p>The rate is the replicas' shared one when the limits live in Redis, so a tenant's share does
 * not grow with the number of API replicas. The in-flight bound is per replica by design: it
 * protects this replica's producer and request threads.
 */
public final class TenantShares implements Filter {

  private final int maxConcurrent;
  private final Optional<RateLimit> rate;
  private final Map<String, Integer> inFlight = new HashMap<>();

  public TenantShares(int maxConcurrent, Optional<RateLimit> rate) {
    if (maxConcurrent < 0) {
      throw new IllegalArgumentException("maxConcurrent must be >= 0 (0 = unlimited)");
    }
    this.maxConcurrent = maxConcurrent;
    this.rate = requireNonNull(rate, "rate");
  }

  /** Whether {@code method} on {@code path} is a write that the shares guard. */
  static boolean isWrite(Method method, String path) {
    boolean writeMethod = Method.POST.equals(method) || Method.DELETE.equals(method) || Method.PUT.equals(method)
        || Method.PATCH.equals(method);
    return writeMethod && (path.startsWith("/api/v1/documents") || path.startsWith("/api/v1/intents"));
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
    Optional<Caller> caller = Caller.of(request);
    if (caller.isEmpty() || !isWrite(request.prologue().method(), request.path().path())) {
      chain.proceed();
      return;
    }
    String tenant = caller.get().tenant();
    if (rate.isPresent()) {
      Duration wait = rate.get().acquire(tenant);
      if (!wait.isZero()) {
        throw busy("writes per minute", Math.max(1, (wait.toMillis() + 999) / 1000));
      }
    }
    if (!enter(tenant)) {
      throw busy("writes in progress", 1);
    }
    try {
      chain.proceed();
    } finally {
      leave(tenant);
    }
  }

  private synchronized boolean enter(String tenant) {
    int now = inFlight.getOrDefault(tenant, 0);
    if (maxConcurrent > 0 && now >= maxConcurrent) {
      return false;
    }
    inFlight.put(tenant, now + 1);
    return true;
  }

  private synchronized void leave(String tenant) {
    // Forgotten at zero, so memory follows the tenants writing right now.
    inFlight.computeIfPresent(tenant, (t, n) -> n <= 1 ? null : n - 1);
  }

  /** Writes of {@code tenant} in flight now. */
  public synchronized int inFlight(String tenant) {
    return inFlight.getOrDefault(tenant, 0);
  }

  private static ApiException busy(String what, long retryAfterSeconds) {
    return new ApiException(429, "TENANT_WRITE_SHARE_EXCEEDED",
        "this tenant is over its share of " + what + "; retry after " + retryAfterSeconds + " s", List.of(),
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }
}
