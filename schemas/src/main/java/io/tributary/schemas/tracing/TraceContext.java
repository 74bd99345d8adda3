package io.tributary.schemas.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.tributary.schemas.envelope.TraceHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * W3C trace context in the string maps our records carry ({@link TraceHeaders}): read a parent,
 * write a span's context back, and make a span current for code and logs. The format is fixed by
 * the topic contracts, so it is always W3C, whatever propagators the process configured.
 */
public final class TraceContext {

  /** MDC key of the current trace id (32 hex); JSON log lines carry it. */
  public static final String MDC_TRACE_ID = "trace_id";
  /** MDC key of the current span id (16 hex). */
  public static final String MDC_SPAN_ID = "span_id";

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private TraceContext() {}

  /** The remote parent named by {@code trace} ({@code traceparent}, {@code tracestate}); root when absent or malformed. */
  public static Context parentOf(Map<String, String> trace) {
    return W3C.extract(Context.root(), trace, MAP_GETTER);
  }

  /**
   * The consumer span of processing one record of {@code topic}, child of the context its headers
   * carried ({@code trace}), with the messaging attributes every Tributary consumer sets. Not started.
   */
  public static SpanBuilder processing(Tracer tracer, String topic, Map<String, String> trace) {
    return tracer.spanBuilder(topic + " process")
        .setParent(parentOf(trace))
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute("messaging.system", "kafka")
        .setAttribute("messaging.destination.name", topic);
  }

  /**
   * {@code trace} with {@code traceparent} (and {@code tracestate}) replaced by {@code span}'s
   * context; unchanged when the span is not valid (tracing off), so an upstream context still travels.
   */
  public static Map<String, String> continuedBy(Map<String, String> trace, Span span) {
    Map<String, String> next = new LinkedHashMap<>(trace);
    if (span.getSpanContext().isValid()) {
      next.remove(TraceHeaders.TRACESTATE);
      W3C.inject(Context.root().with(span), next, Map::put);
    }
    return next;
  }

  /** The {@code traceparent} value of {@code context}, when it is valid. */
  public static String traceparent(SpanContext context) {
    return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
  }

  /**
   * Makes {@code span} current on this thread and puts its ids in the logging MDC until the
   * returned scope closes (previous values are restored).
   */
  public static Scope enter(Span span) {
    Scope current = span.makeCurrent();
    SpanContext context = span.getSpanContext();
    if (!context.isValid()) {
      return current;
    }
    String previousTrace = MDC.get(MDC_TRACE_ID);
    String previousSpan = MDC.get(MDC_SPAN_ID);
    MDC.put(MDC_TRACE_ID, context.getTraceId());
    MDC.put(MDC_SPAN_ID, context.getSpanId());
    return () -> {
      restore(MDC_TRACE_ID, previousTrace);
      restore(MDC_SPAN_ID, previousSpan);
      current.close();
    };
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
