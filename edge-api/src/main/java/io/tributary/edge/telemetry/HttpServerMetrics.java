package io.tributary.edge.telemetry;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.stream.LongStream;

/** Times every request by method, route template and status ({@code tributary_http_server_requests_seconds}). */
public final class HttpServerMetrics implements Filter {

  private static final Duration[] BUCKETS = LongStream
      .of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000).mapToObj(Duration::ofMillis)
      .toArray(Duration[]::new);

  private final MeterRegistry meters;

  public HttpServerMetrics(MeterRegistry meters) {
    this.meters = requireNonNull(meters, "meters");
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
    long started = System.nanoTime();
    String method = request.prologue().method().text();
    response.whenSent(() -> {
      int status = response.status().code();
      Timer.builder("tributary.http.server.requests")
          .description("HTTP requests served, by method, route and status")
          .tag("method", method)
          .tag("route", RouteTemplate.of(request, status))
          .tag("status", Integer.toString(status))
          // Fixed buckets: one series each per method, route and status, so keep them few.
          .serviceLevelObjectives(BUCKETS)
          .register(meters)
          .record(Duration.ofNanos(System.nanoTime() - started));
    });
    chain.proceed();
  }
}
