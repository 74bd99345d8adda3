package io.tributary.edge.telemetry;

import static io.tributary.edge.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.http.AccessLog;
import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.testing.EdgeFixture;
import io.tributary.edge.testing.Http;
import io.tributary.edge.testing.SubmittedRecords;
import io.tributary.edge.testing.TestIssuer;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.schemas.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The edge API's server and producer spans, request meters, /metrics and log ids, on a server guarded like production. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class EdgeTelemetryTest {

  private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";
  private static final String PROBE_TRACE = "5bf92f3577b34da6a3ce929d0e0e4737";
  private static final org.slf4j.Logger PROBE_LOG = LoggerFactory.getLogger("tributary.test.probe");

  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private static final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private static TestIssuer issuer;
  private static EdgeFixture fixture;
  private static WebServer server;
  private static Http http;
  private static String kafkaBootstrap;

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db) {
    kafkaBootstrap = kafka.bootstrapServers();
    issuer = new TestIssuer();
    fixture = new EdgeFixture(kafkaBootstrap, db.jdbcUrl());
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    BreakerStates.register(meters, "postgres", fixture.postgresCalls()::state);
    EdgeApi.EdgeServices services =
        fixture.services().withTelemetry(new EdgeTelemetry(meters, meters::scrape, otel));
    // The production routing plus one probe route that logs, to see what a line logged inside a request carries.
    server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
        .routing(routing -> {
          routing.get("/probe", (request, response) -> {
            PROBE_LOG.info("inside a request");
            response.send("ok");
          });
          EdgeApi.routing(routing, services, EdgeFixture.bearer(issuer.issuer(), CorsPolicy.parse(""), 0, 0));
        })
        .build().start();
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
    if (fixture != null) {
      fixture.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  private static String writer() {
    return issuer.token("writer", "tenant-t", "tributary.read", "tributary.write");
  }

  @Test
  void shouldMakeTheServerSpanAChildOfTheCallerAndSendTheProducerSpansContextToKafka() throws Exception {
    ListAppender<ILoggingEvent> access = capture(AccessLog.LOGGER);
    HttpResponse<String> response = http.send(http.request("/api/v1/documents")
        .header("Authorization", "Bearer " + writer()).header("Content-Type", "application/json")
        .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Traced document.\"}")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode accepted = json(response);

    await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
        .anyMatch(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(CALLER_TRACE)));
    List<SpanData> trace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(CALLER_TRACE)).toList();
    SpanData serverSpan = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    SpanData producer = trace.stream().filter(s -> s.getKind() == SpanKind.PRODUCER).findFirst().orElseThrow();
    assertThat(serverSpan.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(serverSpan.getName()).isEqualTo("POST /api/v1/documents");
    assertThat(producer.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
    assertThat(SubmittedRecords.header(readOne(accepted.path("partition").asInt(), accepted.path("offset").asLong()), "traceparent"))
        .isEqualTo("00-" + CALLER_TRACE + "-" + producer.getSpanId() + "-01");
    // The access line names the server span, so a log search by trace id finds the request.
    await().atMost(Duration.ofSeconds(5)).until(() -> !lines(access).isEmpty());
    JsonNode line = Json.mapper().readTree(lines(access).stream()
        .filter(l -> l.contains("/api/v1/documents")).findFirst().orElseThrow());
    assertThat(line.path("trace_id").asText()).isEqualTo(CALLER_TRACE);
    assertThat(line.path("span_id").asText()).isEqualTo(serverSpan.getSpanId());
    detach(AccessLog.LOGGER, access);
  }

  @Test
  void shouldNameTheServerSpanAfterTheRouteAndMarkServerErrorsOnly() {
    String trace = "6bf92f3577b34da6a3ce929d0e0e4738";
    http.send(http.request("/api/v1/documents/missing-one").header("Authorization", "Bearer " + writer())
        .header("traceparent", "00-" + trace + "-" + CALLER_SPAN + "-01"));

    await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
        .anyMatch(s -> s.getTraceId().equals(trace)));
    SpanData span = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(trace))
        .findFirst().orElseThrow();
    assertThat(span.getName()).isEqualTo("GET /api/v1/documents/{id}");
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(404);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void shouldPutTheTraceAndRequestIdsInTheLoggingContextOfARequest() {
    ListAppender<ILoggingEvent> probe = capture("tributary.test.probe");
    HttpResponse<String> response = http.send(http.request("/probe").header("X-Request-ID", "probe-1")
        .header("traceparent", "00-" + PROBE_TRACE + "-" + CALLER_SPAN + "-01"));
    assertThat(response.statusCode()).isEqualTo(200);

    Map<String, String> mdc;
    synchronized (probe) {
      mdc = probe.list.getFirst().getMDCPropertyMap();
    }
    assertThat(mdc).containsEntry("request_id", "probe-1").containsEntry("trace_id", PROBE_TRACE);
    assertThat(mdc.get("span_id")).hasSize(16).isNotEqualTo(CALLER_SPAN);
    detach("tributary.test.probe", probe);
  }

  @Test
  void shouldTimeRequestsByRouteTemplateAndNotServeMetricsOnTheApiPort() {
    http.get("/api/v1/documents/no-such-document", writer());
    http.get("/health/live", null);
    http.get("/some/scanner/path", null);

    HttpResponse<String> onApiPort = http.get("/metrics", null);

    // The meters go to the management port (platform's ManagementServer), never to the public API port.
    assertThat(onApiPort.statusCode()).isEqualTo(404);
    assertThat(onApiPort.body()).doesNotContain("tributary_");
    assertThat(meters.scrape())
        .contains("tributary_http_server_requests_seconds_bucket{")
        .contains("route=\"/api/v1/documents/{id}\"")
        .contains("route=\"/health/live\"")
        .contains("route=\"unmatched\"")
        .doesNotContain("no-such-document")
        .doesNotContain("scanner")
        .containsPattern("tributary_breaker_state\\{name=\"postgres\",state=\"closed\"} 1(\\.0)?\\n")
        .containsPattern("tributary_breaker_state\\{name=\"postgres\",state=\"open\"} 0(\\.0)?\\n");
  }

  private static ListAppender<ILoggingEvent> capture(String logger) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(logger)).addAppender(appender);
    return appender;
  }

  private static void detach(String logger, ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(logger)).detachAppender(appender);
  }

  private static List<String> lines(ListAppender<ILoggingEvent> appender) {
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private static ConsumerRecord<String, byte[]> readOne(int partition, long offset) {
    return SubmittedRecords.readOne(kafkaBootstrap, partition, offset);
  }
}
