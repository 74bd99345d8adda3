package io.tributary.projections.projector;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.tributary.schemas.envelope.TraceHeaders;
import io.tributary.schemas.tracing.TraceContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One span per record of a batch, each continuing the trace in its record's headers, all ended
 * when the batch's transaction has committed (or failed): the span covers "until the row is written".
 */
final class RecordSpans {

  private final Tracer tracer;

  RecordSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Starts the spans of {@code records}. */
  Batch start(String projection, ConsumerRecords<byte[], byte[]> records) {
    List<Span> spans = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      spans.add(tracer.spanBuilder(record.topic() + " process")
          .setParent(TraceContext.parentOf(trace(record.headers())))
          .setSpanKind(SpanKind.CONSUMER)
          .setAttribute("messaging.system", "kafka")
          .setAttribute("messaging.destination.name", record.topic())
          .setAttribute("messaging.kafka.offset", record.offset())
          .setAttribute("tributary.projection", projection)
          .startSpan());
    }
    return new Batch(spans);
  }

  private static Map<String, String> trace(Headers headers) {
    Map<String, String> trace = new HashMap<>();
    for (String name : List.of(TraceHeaders.TRACEPARENT, TraceHeaders.TRACESTATE)) {
      Header header = headers.lastHeader(name);
      if (header != null && header.value() != null) {
        trace.put(name, new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    return trace;
  }

  /** The open spans of one batch. */
  record Batch(List<Span> spans) {

    void committed() {
      spans.forEach(Span::end);
    }

    void failed(RuntimeException e) {
      for (Span span : spans) {
        span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
        span.end();
      }
    }
  }
}
