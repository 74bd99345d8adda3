package io.tributary.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TelemetryTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldLeaveTracingOffWithoutAnExporterOrWhenTheSdkIsDisabled() {
    assertThat(TracingSetup.forService("tributary-api", Map.of())).isSameAs(OpenTelemetry.noop());
    assertThat(TracingSetup.forService("tributary-api", Map.of("OTEL_SERVICE_NAME", "x"))).isSameAs(OpenTelemetry.noop());
    assertThat(TracingSetup.forService("tributary-api",
        Map.of("OTEL_SDK_DISABLED", "true", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"))).isSameAs(OpenTelemetry.noop());
    assertThat(TracingSetup.forService("tributary-api",
        Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"))).isSameAs(OpenTelemetry.noop());
  }

  @Test
  void shouldBuildTheSdkWhenAnOtlpEndpointIsNamed() {
    // Nothing listens there and no span is recorded: building must not need the collector.
    OpenTelemetry otel = TracingSetup.forService("tributary-api",
        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9", "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
    try {
      assertThat(otel).isInstanceOf(OpenTelemetrySdk.class);
      assertThat(otel.getTracer("t").spanBuilder("s").startSpan().getSpanContext().isValid()).isTrue();
    } finally {
      ((OpenTelemetrySdk) otel).close();
    }
  }

  @Test
  void shouldServeTheRegistryAtMetricsOnItsOwnPortAndNothingElse() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("tributary.pipeline.chunks").register(registry).increment(3);
    try (ManagementServer server = ManagementServer.start("127.0.0.1", 0, registry::scrape)) {
      String base = "http://127.0.0.1:" + server.port();

      HttpResponse<String> metrics = get(base + "/metrics");
      HttpResponse<String> other = get(base + "/other");
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain; version=0.0.4");
      assertThat(MetricsExposition.parse(metrics.body()).value("tributary_pipeline_chunks_total", Map.of()))
          .isEqualTo(3);
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void shouldAskForTheTokenWhenOneIsConfigured() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("tributary.pipeline.chunks").register(registry).increment();
    String token = "scrape-token-0123456789";
    try (ManagementServer server = ManagementServer.start("127.0.0.1", 0, registry::scrape, null, Optional.of(token))) {
      URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");

      HttpResponse<String> none = get(metrics.toString());
      HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(metrics)
          .header("Authorization", "Bearer scrape-token-0123456788").build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> right = http.send(HttpRequest.newBuilder(metrics)
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
      assertThat(none.body()).doesNotContain("tributary_");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.body()).contains("tributary_pipeline_chunks_total");
    }
  }

  private HttpResponse<String> get(String uri) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
