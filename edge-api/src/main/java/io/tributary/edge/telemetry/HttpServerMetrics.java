package io.tributary.edge.telemetry;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Times every request by method, route template and status ({@code tributary_http_server_requests_seconds}). */
public final class HttpServerMetrics implements Filter {

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
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(30))
          .register(meters)
          .record(Duration.ofNanos(System.nanoTime() - started));
    });
    chain.proceed();
  }
}
