package io.tributary.edge.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.tributary.edge.telemetry.RouteTemplate;
import io.tributary.schemas.envelope.TraceHeaders;
import io.tributary.schemas.tracing.TraceContext;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The W3C trace context of a request: the caller's {@code traceparent} when well-formed, else a
 * new trace with this API as its root. It travels into Kafka headers so the pipeline joins the trace.
 */
public record Traceparent(String value) {

  public static final HeaderName HEADER = HeaderNames.create("traceparent");
  private static final HeaderName TRACESTATE = HeaderNames.create("tracestate");
  /** Kafka header name, the same as the HTTP one (W3C trace context for messaging). */
  public static final String KAFKA_HEADER = "traceparent";

  // version 00: trace id and parent id must not be all zeros; other versions are not accepted.
  private static final Pattern VALID = Pattern.compile("^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The trace context registered for {@code request}, or a fresh one. */
  public static String of(ServerRequest request) {
    return request.context().get(Traceparent.class).map(Traceparent::value).orElseGet(Traceparent::fresh);
  }

  /** The trace id part (32 hex characters). */
  public String traceId() {
    return value.substring(3, 35);
  }

  /** The parent (span) id part (16 hex characters). */
  public String spanId() {
    return value.substring(36, 52);
  }

  /** A routing filter that accepts or starts the trace context, without recording spans. */
  public static Filter filter() {
    return filter(OpenTelemetry.noop().getTracer("none"));
  }

  /**
   * A routing filter that starts the request's server span (a child of the caller's
   * {@code traceparent} when well-formed) and registers its context: that is what travels into Kafka
   * headers and logs. With tracing off the caller's context, or a fresh one, is registered instead.
   */
  public static Filter filter(Tracer tracer) {
    return (chain, request, response) -> assign(tracer, chain, request, response);
  }

  static boolean isValid(String value) {
    return VALID.matcher(value).matches();
  }

  private static void assign(Tracer tracer, FilterChain chain, RoutingRequest request, RoutingResponse response) {
    String incoming = request.headers().first(HEADER).map(String::strip).filter(Traceparent::isValid).orElse(null);
    Map<String, String> carrier = new HashMap<>();
    if (incoming != null) {
      carrier.put(TraceHeaders.TRACEPARENT, incoming);
      request.headers().first(TRACESTATE).ifPresent(state -> carrier.put(TraceHeaders.TRACESTATE, state));
    }
    String method = request.prologue().method().text();
    Span span = tracer.spanBuilder(method)
        .setParent(TraceContext.parentOf(carrier))
        .setSpanKind(SpanKind.SERVER)
        .setAttribute("http.request.method", method)
        .setAttribute("url.path", request.path().rawPath())
        .startSpan();
    SpanContext context = span.getSpanContext();
    Traceparent traceparent = new Traceparent(
        context.isValid() ? TraceContext.traceparent(context) : incoming != null ? incoming : fresh());
    request.context().register(traceparent);
    request.context().register(new ServerSpan(tracer, span));
    // Ended once the answer is out, whoever wrote it (a handler or the error handling): the status is final then.
    response.whenSent(() -> {
      int status = response.status().code();
      span.updateName(method + " " + RouteTemplate.of(request, status));
      span.setAttribute("http.response.status_code", status);
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    });
    MDC.put(TraceContext.MDC_TRACE_ID, traceparent.traceId());
    MDC.put(TraceContext.MDC_SPAN_ID, traceparent.spanId());
    try (Scope scope = span.makeCurrent()) {
      chain.proceed();
    } finally {
      MDC.remove(TraceContext.MDC_TRACE_ID);
      MDC.remove(TraceContext.MDC_SPAN_ID);
    }
  }

  private static String fresh() {
    byte[] traceId = new byte[16];
    byte[] spanId = new byte[8];
    RANDOM.nextBytes(traceId);
    RANDOM.nextBytes(spanId);
    return "00-" + HexFormat.of().formatHex(traceId) + "-" + HexFormat.of().formatHex(spanId) + "-01";
  }
}
