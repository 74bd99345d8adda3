package io.tributary.schemas.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.tributary.schemas.envelope.TraceHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TraceContextTest {

  private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final Span CHILD = Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736",
      "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault()));

  @Test
  void shouldReadTheRemoteParentFromTheHeadersAndIgnoreAMalformedOne() {
    SpanContext parent = Span.fromContext(TraceContext.parentOf(Map.of(TraceHeaders.TRACEPARENT, PARENT))).getSpanContext();
    SpanContext none = Span.fromContext(TraceContext.parentOf(Map.of(TraceHeaders.TRACEPARENT, "garbage"))).getSpanContext();

    assertThat(parent.isRemote()).isTrue();
    assertThat(parent.getSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(none.isValid()).isFalse();
  }

  @Test
  void shouldReplaceTheTraceparentWithTheSpansAndKeepTheOtherHeaders() {
    Map<String, String> next = TraceContext.continuedBy(
        Map.of(TraceHeaders.TRACEPARENT, PARENT, TraceHeaders.TRACESTATE, "vendor=1", TraceHeaders.REQUEST_ID, "r-1"),
        CHILD);

    assertThat(next).containsEntry(TraceHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01")
        .containsEntry(TraceHeaders.REQUEST_ID, "r-1")
        .doesNotContainKey(TraceHeaders.TRACESTATE);
    assertThat(TraceContext.traceparent(CHILD.getSpanContext())).isEqualTo(next.get(TraceHeaders.TRACEPARENT));
  }

  @Test
  void shouldLeaveTheHeadersAloneWhenTheSpanIsNotValid() {
    Map<String, String> trace = Map.of(TraceHeaders.TRACEPARENT, PARENT, TraceHeaders.TRACESTATE, "vendor=1");

    assertThat(TraceContext.continuedBy(trace, Span.getInvalid())).isEqualTo(trace);
  }

  @Test
  void shouldPutTheSpansIdsInTheMdcAndRestoreThePreviousOnes() {
    MDC.put(TraceContext.MDC_TRACE_ID, "outer");
    try {
      try (Scope scope = TraceContext.enter(CHILD)) {
        assertThat(MDC.get(TraceContext.MDC_TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(MDC.get(TraceContext.MDC_SPAN_ID)).isEqualTo("b7ad6b7169203331");
        assertThat(Span.current()).isSameAs(CHILD);
      }
      assertThat(MDC.get(TraceContext.MDC_TRACE_ID)).isEqualTo("outer");
      assertThat(MDC.get(TraceContext.MDC_SPAN_ID)).isNull();
    } finally {
      MDC.clear();
    }
  }
}
