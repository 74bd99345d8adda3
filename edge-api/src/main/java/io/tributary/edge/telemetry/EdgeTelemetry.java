package io.tributary.edge.telemetry;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.function.Supplier;

/**
 * What the edge API reports to, built once per process by the caller.
 *
 * @param meters where request, cache and breaker meters are registered
 * @param scrape the process's metrics in Prometheus text format, for the management port's
 *     {@code /metrics} (never served on the API port); {@code null} = none
 * @param openTelemetry the tracer provider of the server and producer spans
 */
public record EdgeTelemetry(MeterRegistry meters, Supplier<String> scrape, OpenTelemetry openTelemetry) {

  public EdgeTelemetry {
    requireNonNull(meters, "meters");
    requireNonNull(openTelemetry, "openTelemetry");
  }

  /** No meters kept, no spans recorded, no {@code /metrics} route. */
  public static EdgeTelemetry none() {
    return new EdgeTelemetry(new CompositeMeterRegistry(), null, OpenTelemetry.noop());
  }

  /** The edge API's tracer. */
  public Tracer tracer() {
    return openTelemetry.getTracer("io.tributary.edge");
  }
}
