package io.tributary.edge.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.testing.EdgeFixture;
import io.tributary.edge.testing.TestIssuer;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.monitoring.lag.KafkaLagSource;
import io.tributary.monitoring.lag.LagCollector;
import io.tributary.monitoring.lag.LagSettings;
import io.tributary.monitoring.lag.OldestRecordProbe;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.kafka.KafkaClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/v1/lag} and {@code /dashboard} over a real broker, behind bearer tokens. */
@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class LagApiTest {

  private static final String GROUP = "lag-api-" + UUID.randomUUID();

  private static TestIssuer issuer;
  private static Admin admin;
  private static LagCollector collector;
  private static EdgeApi api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(EmbeddedKafka kafka) {
    String topic = "lag-api-" + UUID.randomUUID();
    kafka.createTopics(1, topic);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        new StringSerializer())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, "k", "v" + i));
      }
    }
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, GROUP),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)));
    }
    issuer = new TestIssuer();
    admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    collector = new LagCollector(new KafkaLagSource(admin, Set.of(), null,
        new OldestRecordProbe(KafkaClients.plaintext(kafka.bootstrapServers()), "lag-api-probe", Duration.ofSeconds(5)), Duration.ofSeconds(10)),
        new LagSettings(Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(10), 100, 100,
            Duration.ofSeconds(10)), new SimpleMeterRegistry(), Clock.systemUTC()).start();
    api = EdgeApi.start("127.0.0.1", 0, new EdgeApi.EdgeServices(null, null, new HealthService(List.of()))
        .withLag(collector), EdgeFixture.bearer(issuer.issuer(), CorsPolicy.none(), 0, 0));
    await().atMost(Duration.ofSeconds(20)).until(() -> collector.latest().group(GROUP).isPresent());
  }

  @AfterAll
  static void stop() {
    api.close();
    collector.close();
    admin.close();
    issuer.close();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String admin() {
    return issuer.token("operator", "ops", "tributary.admin");
  }

  @Test
  void shouldAnswerAdminsWithLagPerPartitionAndPerGroup() throws Exception {
    HttpResponse<String> response = get("/api/v1/lag?group=" + GROUP, admin());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = Json.mapper().readTree(response.body());
    assertThat(body.path("groups")).hasSize(1);
    JsonNode group = body.path("groups").get(0);
    assertThat(group.path("group").asText()).isEqualTo(GROUP);
    assertThat(group.path("kind").asText()).isEqualTo("consumer");
    assertThat(group.path("lag_offsets").asLong()).isEqualTo(3);
    assertThat(group.path("retention").asText()).isEqualTo("ok");
    JsonNode partition = body.path("partitions").get(0);
    assertThat(partition.path("committed_offset").asLong()).isEqualTo(2);
    assertThat(partition.path("end_offset").asLong()).isEqualTo(5);
    assertThat(partition.path("lag_seconds").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(partition.has("trend")).isTrue();
  }

  @Test
  void shouldRefuseCallersWithoutTheAdminRole() throws Exception {
    assertThat(get("/api/v1/lag", issuer.token("reader", "t1", "tributary.read", "tributary.write")).statusCode())
        .isEqualTo(403);
    assertThat(get("/api/v1/lag/history", issuer.token("reader", "t1", "tributary.read")).statusCode())
        .isEqualTo(403);
    assertThat(get("/api/v1/lag/stream", null).statusCode()).isEqualTo(401);
    HttpResponse<String> notAsked = get("/api/v1/lag/stream", admin());
    assertThat(notAsked.statusCode()).as("a stream needs Accept: text/event-stream").isEqualTo(406);
  }

  @Test
  void shouldServeHistoryPerGroup() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> collector.history(Duration.ofMinutes(5)).size() >= 2);

    HttpResponse<String> response = get("/api/v1/lag/history?minutes=5&group=" + GROUP, admin());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode series = Json.mapper().readTree(response.body()).path("groups");
    assertThat(series).hasSize(1);
    assertThat(series.get(0).path("points").size()).isGreaterThanOrEqualTo(2);
    assertThat(series.get(0).path("points").get(0).path("lag_offsets").asLong()).isEqualTo(3);
  }

  @Test
  void shouldNameTheFieldOfAnInvalidParameter() throws Exception {
    for (String query : List.of("minutes=0", "minutes=1441", "minutes=soon")) {
      HttpResponse<String> response = get("/api/v1/lag/history?" + query, admin());
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(Json.mapper().readTree(response.body()).path("details").get(0).path("field").asText())
          .isEqualTo("minutes");
    }
    HttpResponse<String> badGroup = get("/api/v1/lag/history?group=no%20spaces", admin());
    assertThat(badGroup.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(badGroup.body()).path("details").get(0).path("field").asText())
        .isEqualTo("group");
    HttpResponse<String> unknown = get("/api/v1/lag?group=no-such-group", admin());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Json.mapper().readTree(unknown.body()).path("code").asText()).isEqualTo("LAG_GROUP_NOT_FOUND");
  }

  @Test
  void shouldStreamASampleAtOnceAndThenEveryNewOne() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/lag/stream"))
        .header("Authorization", "Bearer " + admin()).header("Accept", "text/event-stream").build();

    HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      JsonNode first = nextEvent(lines);
      JsonNode second = nextEvent(lines);
      assertThat(first.path("groups").findValuesAsText("group")).contains(GROUP);
      assertThat(java.time.Instant.parse(second.path("sampled_at").asText()))
          .isAfter(java.time.Instant.parse(first.path("sampled_at").asText()));
    }
  }

  private static JsonNode nextEvent(BufferedReader lines) throws Exception {
    String event = null;
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.startsWith("event:")) {
        event = line.substring(6).strip();
      } else if (line.startsWith("data:") && "lag".equals(event)) {
        return Json.mapper().readTree(line.substring(5).strip());
      }
    }
    throw new AssertionError("the stream ended");
  }

  @Test
  void shouldServeTheDashboardWithoutATokenUnderAContentSecurityPolicyOfSelfOnly() throws Exception {
    HttpResponse<String> page = get("/dashboard", null);
    HttpResponse<String> script = get("/dashboard/dashboard.js", null);
    HttpResponse<String> missing = get("/dashboard/secrets.txt", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
        .contains("default-src 'self'", "script-src 'self'", "connect-src 'self'").doesNotContain("unsafe", "http");
    assertThat(page.body()).contains("/dashboard/dashboard.js").doesNotContain("<script>", "https://");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body()).doesNotContain("console.log");
    assertThat(missing.statusCode()).isEqualTo(404);
  }
}
