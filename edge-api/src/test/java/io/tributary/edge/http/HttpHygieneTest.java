package io.tributary.edge.http;

import static io.tributary.edge.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.documents.DocumentsService;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Security headers, CORS, the access log and trace propagation, on a server guarded like production. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class HttpHygieneTest {

  private static final String ALLOWED_ORIGIN = "https://app.example";

  private static TestIssuer issuer;
  private static EdgeFixture fixture;
  private static Http http;
  private static String kafkaBootstrap;
  private final ListAppender<ILoggingEvent> accessLines = new ListAppender<>();

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db) {
    kafkaBootstrap = kafka.bootstrapServers();
    issuer = new TestIssuer();
    fixture = new EdgeFixture(kafkaBootstrap, db.jdbcUrl());
    EdgeApi api = fixture.start(EdgeFixture.bearer(issuer.issuer(), CorsPolicy.parse(ALLOWED_ORIGIN + ", http://localhost:3000"), 0, 0));
    http = new Http(api.port());
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  @BeforeEach
  void captureAccessLog() {
    accessLines.start();
    ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).addAppender(accessLines);
  }

  @AfterEach
  void releaseAccessLog() {
    ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).detachAppender(accessLines);
  }

  private static String writer() {
    return issuer.token("writer", "tenant-h", "tributary.read", "tributary.write");
  }

  private static void assertSecurityHeaders(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(response.headers().firstValue("Strict-Transport-Security")).get().asString().startsWith("max-age=");
    assertThat(response.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(response.headers().firstValue("Permissions-Policy")).get().asString().contains("camera=()");
  }

  @Test
  void shouldSendSecurityHeadersOnSuccessesAndOnEveryKindOfError() {
    assertSecurityHeaders(http.get("/health/live", null));
    assertSecurityHeaders(http.get("/api/v1/search?q=x", null));
    assertSecurityHeaders(http.get("/nowhere", null));
    assertSecurityHeaders(http.get("/api/v1/search", writer()));
  }

  @Test
  void shouldAnswerAPreflightFromAnAllowedOriginWithoutAToken() {
    HttpResponse<String> response = http.send(http.request("/api/v1/search")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", ALLOWED_ORIGIN).header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization"));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED_ORIGIN);
    assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).get().asString().contains("Authorization");
    assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).get().asString().contains("POST");
  }

  @Test
  void shouldRefuseAPreflightFromAnOriginNotOnTheList() {
    HttpResponse<String> response = http.send(http.request("/api/v1/search")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(json(response).path("code").asText()).isEqualTo("CORS_ORIGIN_NOT_ALLOWED");
  }

  @Test
  void shouldLetOnlyAllowedOriginsReadAnswersAndErrors() {
    HttpResponse<String> allowed = http.send(http.request("/api/v1/search?q=x").header("Origin", ALLOWED_ORIGIN)
        .header("Authorization", "Bearer " + writer()));
    HttpResponse<String> allowedError = http.send(http.request("/api/v1/search?q=x").header("Origin", ALLOWED_ORIGIN));
    HttpResponse<String> other = http.send(http.request("/api/v1/search?q=x").header("Origin", "https://evil.example")
        .header("Authorization", "Bearer " + writer()));

    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED_ORIGIN);
    assertThat(allowedError.statusCode()).isEqualTo(401);
    assertThat(allowedError.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED_ORIGIN);
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void shouldWriteOneJsonAccessLineWithoutTheTokenOrTheQuery() throws Exception {
    String token = writer();

    http.send(http.request("/api/v1/search?q=secret+words").header("X-Request-ID", "access-1")
        .header("Authorization", "Bearer " + token));
    http.send(http.request("/api/v1/search?q=x").header("X-Request-ID", "access-2"));

    // The line is written once the answer is sent, which may be just after the client has it.
    await().atMost(Duration.ofSeconds(5)).until(() -> lines().stream().filter(l -> l.contains("access-")).count() >= 2);
    List<String> lines = lines();
    List<String> first = lines.stream().filter(l -> l.contains("access-1")).toList();
    assertThat(first).hasSize(1);
    JsonNode line = Json.mapper().readTree(first.getFirst());
    assertThat(line.path("method").asText()).isEqualTo("GET");
    assertThat(line.path("path").asText()).isEqualTo("/api/v1/search");
    assertThat(line.path("status").asInt()).isEqualTo(200);
    assertThat(line.path("duration_ms").isNumber()).isTrue();
    assertThat(line.path("request_id").asText()).isEqualTo("access-1");
    assertThat(line.path("subject").asText()).isEqualTo("writer");
    assertThat(line.path("trace_id").asText()).hasSize(32);
    assertThat(first.getFirst()).doesNotContain(token).doesNotContain(token.split("\\.")[2]).doesNotContain("secret");
    JsonNode refused = Json.mapper().readTree(lines.stream().filter(l -> l.contains("access-2")).findFirst().orElseThrow());
    assertThat(refused.path("status").asInt()).isEqualTo(401);
  }

  @Test
  void shouldPropagateTheCallersTraceparentIntoTheKafkaRecord() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    JsonNode accepted = json(postDocument(traceparent));

    ConsumerRecord<String, byte[]> record = readOne(accepted.path("partition").asInt(), accepted.path("offset").asLong());
    assertThat(header(record, "traceparent")).isEqualTo(traceparent);
    assertThat(header(record, DocumentsService.REQUEST_ID_HEADER)).isNotBlank();
  }

  @Test
  void shouldStartATraceWhenTheCallerSentNoneOrAMalformedOne() {
    JsonNode accepted = json(postDocument("01-not-a-trace"));

    String propagated = header(readOne(accepted.path("partition").asInt(), accepted.path("offset").asLong()), "traceparent");
    assertThat(propagated).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").isNotEqualTo("01-not-a-trace");
  }

  private List<String> lines() {
    synchronized (accessLines) { // AppenderBase appends under the appender's own lock
      return accessLines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private HttpResponse<String> postDocument(String traceparent) {
    HttpResponse<String> response = http.send(http.request("/api/v1/documents")
        .header("Authorization", "Bearer " + writer()).header("Content-Type", "application/json")
        .header("traceparent", traceparent)
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Traced document.\"}")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return response;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header " + name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static ConsumerRecord<String, byte[]> readOne(int partition, long offset) {
    return SubmittedRecords.readOne(kafkaBootstrap, partition, offset);
  }
}
