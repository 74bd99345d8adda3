package io.tributary.projections.projector;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.tributary.schemas.envelope.CloudEvents;
import io.tributary.schemas.tracing.TraceContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

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
      spans.add(TraceContext.processing(tracer, record.topic(), CloudEvents.unwrapTrace(record.headers()))
          .setAttribute("messaging.kafka.offset", record.offset())
          .setAttribute("tributary.projection", projection)
          .startSpan());
    }
    return new Batch(spans);
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
