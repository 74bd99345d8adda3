package io.tributary.streams.intents;

import static io.tributary.streams.intents.RouterDriver.NOW;
import static io.tributary.streams.intents.RouterDriver.json;
import static io.tributary.streams.intents.RouterDriver.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.envelope.TraceHeaders;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The router's decision counters and its span, continuing the message's trace into the decision's headers. */
@ExtendWith(MiniLmExtension.class)
class RouterTelemetryTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private final Embedder embedder;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private RouterDriver router;

  RouterTelemetryTest(Embedder embedder) {
    this.embedder = embedder;
  }

  @BeforeEach
  void start(@TempDir Path stateDir) {
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    router = new RouterDriver(new EmbeddingClassifier(embedder), stateDir, meters, otel);
  }

  @AfterEach
  void stop() {
    router.close();
  }

  private double decisions(String outcome) {
    return meters.get("tributary.router.decisions").tag("outcome", outcome).counter().count();
  }

  @Test
  void shouldCountDecisionsByOutcome() {
    router.send("conv-0", "m-0", "Anything at all", NOW.minusSeconds(9));
    router.publish(AgentCatalogueFile.sample(NOW));
    router.send("conv-1", "m-1", "Why was my credit card charged twice for the same invoice?", NOW.minusSeconds(5));
    router.pipe(utf8("conv-2"), utf8("{not json"), NOW);

    assertThat(decisions("default")).isEqualTo(1);
    assertThat(decisions("routed")).isEqualTo(1);
    assertThat(decisions("dead_lettered")).isEqualTo(1);
    assertThat(meters.get("tributary.dead.letters").tags("stage", "router", "topic", "agents.messages.v1.dlq.v1")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void shouldContinueTheMessagesTraceAndHandItToTheDecision() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(TraceHeaders.TRACEPARENT, ("00-" + TRACE + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
    router.pipe(utf8("conv-1"), json(Map.of("id", "m-1", "tenant", "acme", "text", "Hello")), NOW, headers);

    TestRecord<String, RoutingDecision> decision = router.routed.readRecord();
    SpanData span = spans.getFinishedSpanItems().getFirst();
    assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(span.getTraceId()).isEqualTo(TRACE);
    assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(new String(decision.headers().lastHeader(TraceHeaders.TRACEPARENT).value(), StandardCharsets.UTF_8))
        .isEqualTo("00-" + TRACE + "-" + span.getSpanId() + "-01");
  }
}
