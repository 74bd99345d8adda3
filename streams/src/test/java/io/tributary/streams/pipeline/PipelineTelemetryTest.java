package io.tributary.streams.pipeline;

import static io.tributary.streams.pipeline.PipelineDriver.document;
import static io.tributary.streams.pipeline.PipelineDriver.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tributary.schemas.envelope.TraceHeaders;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's meters move and its spans continue the submitter's trace, on the production topology. */
@ExtendWith(MiniLmExtension.class)
class PipelineTelemetryTest {

  private static final String PARENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00-" + PARENT_TRACE + "-00f067aa0ba902b7-01";

  private final Embedder model;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private PipelineDriver pipeline;

  PipelineTelemetryTest(Embedder model) {
    this.model = model;
  }

  @BeforeEach
  void start(@TempDir Path stateDir) {
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    pipeline = new PipelineDriver(PipelineDriver.components(model).withTelemetry(meters, otel), stateDir);
  }

  @AfterEach
  void close() {
    pipeline.close();
  }

  private double count(String name, String... tags) {
    var counter = meters.find(name).tags(tags).counter();
    if (counter != null) {
      return counter.count();
    }
    var function = meters.find(name).tags(tags).functionCounter();
    return function == null ? 0 : function.count();
  }

  @Test
  void shouldCountEachOutcomeChunksAndCacheLookups() {
    pipeline.pipe(document("doc-1", "First paragraph about kettles.\n\nSecond paragraph about tea."));
    int chunks = pipeline.embedded.readValue().chunks().size();
    pipeline.pipe(document("doc-2", "First paragraph about kettles.\n\nSecond paragraph about tea."));
    pipeline.embedded.readValue();
    pipeline.pipeTombstone("doc-1");
    pipeline.embedded.readRecord();
    pipeline.pipe(utf8("doc-3"), utf8("{not json"));
    pipeline.deadLetters.readRecord();

    assertThat(count("tributary.pipeline.documents", "outcome", "embedded")).isEqualTo(2);
    assertThat(count("tributary.pipeline.documents", "outcome", "deleted")).isEqualTo(1);
    assertThat(count("tributary.pipeline.documents", "outcome", "dead_lettered")).isEqualTo(1);
    assertThat(count("tributary.dead.letters", "stage", "pipeline", "topic", "docs.submitted.v1.dlq.v1"))
        .isEqualTo(1);
    assertThat(count("tributary.pipeline.chunks")).isEqualTo(2.0 * chunks);
    // The second document repeats the first one's text: every chunk is a cache hit.
    assertThat(count("tributary.embedding.cache.requests", "result", "miss")).isEqualTo(chunks);
    assertThat(count("tributary.embedding.cache.requests", "result", "hit")).isEqualTo(chunks);
    // The model ran once (the hits never reach it), timed under its provider.
    assertThat(meters.get("tributary.embedding").tag("provider", model.provider()).timer().count()).isEqualTo(1);
  }

  @Test
  void shouldContinueTheSubmittersTraceAndHandItOnInTheOutputHeaders() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(TraceHeaders.TRACEPARENT, PARENT.getBytes(StandardCharsets.UTF_8));
    pipeline.pipe(utf8("doc-1"), PipelineDriver.json(document("doc-1", "Some text to embed.")), headers);

    TestRecord<String, ?> out = pipeline.embedded.readRecord();
    List<SpanData> finished = spans.getFinishedSpanItems();
    SpanData process = finished.stream().filter(s -> s.getKind() == SpanKind.CONSUMER).findFirst().orElseThrow();
    SpanData embed = finished.stream().filter(s -> s.getName().equals("embed")).findFirst().orElseThrow();

    assertThat(process.getTraceId()).isEqualTo(PARENT_TRACE);
    assertThat(process.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(embed.getParentSpanId()).isEqualTo(process.getSpanId());
    assertThat(new String(out.headers().lastHeader(TraceHeaders.TRACEPARENT).value(), StandardCharsets.UTF_8))
        .isEqualTo("00-" + PARENT_TRACE + "-" + process.getSpanId() + "-01");
  }

  @Test
  void shouldKeepTheIncomingTraceparentWhenTracingIsOff(@TempDir Path stateDir) {
    try (PipelineDriver untraced = new PipelineDriver(PipelineDriver.components(model), stateDir.resolve("off"))) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(TraceHeaders.TRACEPARENT, PARENT.getBytes(StandardCharsets.UTF_8));
      untraced.pipe(utf8("doc-1"), PipelineDriver.json(document("doc-1", "Some text to embed.")), headers);

      TestRecord<String, ?> out = untraced.embedded.readRecord();
      assertThat(new String(out.headers().lastHeader(TraceHeaders.TRACEPARENT).value(), StandardCharsets.UTF_8))
          .isEqualTo(PARENT);
    }
  }
}
