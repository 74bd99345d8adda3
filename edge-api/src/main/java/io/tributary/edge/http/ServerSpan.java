package io.tributary.edge.http;

import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.tributary.schemas.tracing.TraceContext;
import java.util.function.Function;

/** The span of one request, registered by the {@link Traceparent} filter; handlers start child spans from it. */
public record ServerSpan(Tracer tracer, Span span) {

  private static final ServerSpan NONE = new ServerSpan(OpenTelemetry.noop().getTracer("none"), Span.getInvalid());

  /** The span of {@code request}; a no-op one when the filter did not run (routes mounted alone in tests). */
  public static ServerSpan of(ServerRequest request) {
    return request.context().get(ServerSpan.class).orElse(NONE);
  }

  /**
   * Runs {@code send} inside a producer span for {@code topic}, a child of {@code request}'s span.
   * {@code send} gets the {@code traceparent} to put in the record's headers: the producer span's,
   * or the request's when tracing is off, so consumers continue the trace either way.
   */
  public static <T> T publish(ServerRequest request, String topic, Function<String, T> send) {
    Span span = of(request).child(topic + " publish", SpanKind.PRODUCER);
    try {
      span.setAttribute("messaging.system", "kafka");
      span.setAttribute("messaging.destination.name", topic);
      SpanContext context = span.getSpanContext();
      return send.apply(context.isValid() ? TraceContext.traceparent(context) : Traceparent.of(request));
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  /** Starts a child span of this request's span; the caller ends it. */
  public Span child(String name, SpanKind kind) {
    return tracer.spanBuilder(name).setParent(Context.root().with(span)).setSpanKind(kind).startSpan();
  }
}
