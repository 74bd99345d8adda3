package io.tributary.edge.http;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.helidon.webserver.http.ServerRequest;

/** The span of one request, registered by the {@link Traceparent} filter; handlers start child spans from it. */
public record ServerSpan(Tracer tracer, Span span) {

  private static final ServerSpan NONE = new ServerSpan(OpenTelemetry.noop().getTracer("none"), Span.getInvalid());

  /** The span of {@code request}; a no-op one when the filter did not run (routes mounted alone in tests). */
  public static ServerSpan of(ServerRequest request) {
    return request.context().get(ServerSpan.class).orElse(NONE);
  }

  /** Starts a child span of this request's span; the caller ends it. */
  public Span child(String name, SpanKind kind) {
    return tracer.spanBuilder(name).setParent(Context.root().with(span)).setSpanKind(kind).startSpan();
  }
}
