package io.tributary.projections.projector;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/** Times, counts and traces the committing of one projection's batches. */
final class BatchTelemetry {

  private final String projection;
  private final ProjectorMetrics metrics;
  private final RecordSpans spans;

  BatchTelemetry(Projection<?, ?> projection, MeterRegistry meters, OpenTelemetry openTelemetry) {
    this.projection = projection.name();
    this.metrics = new ProjectorMetrics(meters, projection.name(), projection.topic().deadLetters().name());
    this.spans = new RecordSpans(openTelemetry.getTracer("io.tributary.projections"));
  }

  /** Runs {@code commit} for {@code records}: a span per record, ended after it; meters once it succeeded. */
  BatchTransaction.Committed observe(ConsumerRecords<byte[], byte[]> records, Supplier<BatchTransaction.Committed> commit) {
    RecordSpans.Batch traced = spans.start(projection, records);
    long started = System.nanoTime();
    BatchTransaction.Committed committed;
    try {
      committed = commit.get();
    } catch (RuntimeException e) {
      traced.failed(e);
      throw e;
    }
    metrics.committed(System.nanoTime() - started, committed.outcome());
    traced.committed();
    return committed;
  }
}
