package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.CatalogueSetup;
import io.tributary.platform.telemetry.MetricsExposition;
import io.tributary.platform.telemetry.ManagementServer;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.schemas.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole path through real services: HTTP → Kafka → pipeline → Kafka → projector → Postgres → HTTP. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class EndToEndTest {

  /** Cosine similarity above which a hit counts as relevant; MiniLM puts unrelated text near 0. */
  private static final double RELEVANT = 0.3;

  private static final String DOCUMENT =
      "Descale the kettle every month with white vinegar to remove limescale.";
  private static final String RELATED_QUERY = "how do I clean calcium deposits from a boiler";
  private static final String UNRELATED_QUERY = "best opening moves for chess beginners";

  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static DevStack stack;
  private static Telemetry telemetry;
  private static Path home;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db, EmbeddedRedis redis) throws Exception {
    home = Files.createTempDirectory("tributary-e2e");
    Map<String, String> environment = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "DATABASE_URL", db.jdbcUrl(),
        "REDIS_URL", redis.uri());
    Map<String, String> all = new HashMap<>(environment);
    all.put("TRIBUTARY_API_HOST", "127.0.0.1");
    all.put("TRIBUTARY_API_PORT", "0");
    all.put("TRIBUTARY_TENANT", "e2e");
    all.put("TRIBUTARY_HOME", home.toString());
    all.put("TRIBUTARY_TOPIC_PARTITIONS", "3");
    all.put("TRIBUTARY_STREAMS_APPLICATION_ID", "e2e-" + UUID.randomUUID());
    Settings settings = SettingsLoader.load(all);
    // One registry and one in-memory span exporter for every role, as dev mode shares one registry.
    telemetry = new Telemetry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), service ->
        OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
            .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
            .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build()).build());
    stack = DevStack.start(settings, home, environment, telemetry);
    // Routers publish their configured catalogue only when none is active, and other tests on the
    // shared broker publish theirs: publish the sample explicitly, as an operator would.
    CatalogueSetup.publish(stack.settings(), CatalogueSetup.configured(stack.settings()));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    if (telemetry != null) {
      telemetry.close();
    }
  }

  /** Requests carry the dev issuer's token, as the dev banner tells users to. */
  private static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + stack.devToken());
  }

  private JsonNode call(HttpRequest request, int expectedStatus) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
    return Json.mapper().readTree(response.body());
  }

  private JsonNode search(String query) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + stack.apiPort() + "/api/v1/search?top_k=10&q="
        + URLEncoder.encode(query, StandardCharsets.UTF_8));
    return call(request(uri).GET().build(), 200);
  }

  private static JsonNode hitFor(JsonNode results, String documentId) {
    for (JsonNode hit : results.path("hits")) {
      if (hit.path("document_id").asText().equals(documentId)) {
        return hit;
      }
    }
    throw new AssertionError("no hit for " + documentId + " in " + results);
  }

  private static double similarityOf(JsonNode results, String documentId) {
    for (JsonNode hit : results.path("hits")) {
      if (hit.path("document_id").asText().equals(documentId)) {
        return hit.path("similarity").asDouble();
      }
    }
    return Double.NEGATIVE_INFINITY;
  }

  private static Set<String> words(String text) {
    return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z]+")).filter(w -> !w.isEmpty())
        .collect(Collectors.toSet());
  }

  @Test
  void shouldFindAPostedDocumentByMeaningAloneAndNotForAnUnrelatedQuery() throws Exception {
    // Given: the related query shares no word with the document (so only meaning can match).
    assertThat(words(RELATED_QUERY)).doesNotContainAnyElementsOf(words(DOCUMENT));
    String id = "kettle-" + UUID.randomUUID();
    URI documents = URI.create("http://127.0.0.1:" + stack.apiPort() + "/api/v1/documents");

    // When: it is posted to the API
    call(request(documents).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"id\":\"" + id + "\",\"title\":\"Kettle care\",\"text\":\"" + DOCUMENT + "\"}")).build(), 202);

    // Then: it becomes searchable through the pipeline, the projector and Postgres
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> similarityOf(search(RELATED_QUERY), id) > Double.NEGATIVE_INFINITY);
    JsonNode related = search(RELATED_QUERY);
    JsonNode unrelated = search(UNRELATED_QUERY);
    JsonNode hit = hitFor(related, id);
    assertThat(hit.path("title").asText()).isEqualTo("Kettle care");
    assertThat(hit.path("text").asText()).isEqualTo(DOCUMENT);
    assertThat(similarityOf(related, id)).as("similarity to the related query").isGreaterThan(RELEVANT);
    assertThat(similarityOf(unrelated, id)).as("similarity to the unrelated query").isLessThan(RELEVANT);
    System.out.printf("e2e similarities: related %.3f, unrelated %.3f%n",
        similarityOf(related, id), similarityOf(unrelated, id));
  }

  @Test
  void shouldMakeTheSampleCorpusSearchableForTheDevQuery() throws Exception {
    int documents = stack.ingestSampleCorpus();

    assertThat(documents).isEqualTo(8);
    assertThat(stack.awaitSampleCorpusSearchable(Duration.ofSeconds(60))).isEmpty();
    JsonNode top = search(DevCommand.SAMPLE_QUERY).path("hits").get(0);
    assertThat(top.path("title").asText()).isEqualTo("Recovering access to your account");
    // The dev banner promises a match by meaning alone: hold it to that.
    assertThat(words(top.path("text").asText())).doesNotContainAnyElementsOf(words(DevCommand.SAMPLE_QUERY));
  }

  @Test
  void shouldRefuseTheApiWithoutATokenAndAcceptTheDevIssuersToken() throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + stack.apiPort() + "/api/v1/search?q=kettle");

    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> forged = http.send(HttpRequest.newBuilder(uri)
        .header("Authorization", "Bearer " + stack.devToken().substring(0, stack.devToken().length() - 4) + "AAAA")
        .GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
    assertThat(forged.statusCode()).isEqualTo(401);
    call(request(uri).GET().build(), 200);
  }

  @Test
  void shouldReportEveryDependencyReady() throws Exception {
    URI ready = URI.create("http://127.0.0.1:" + stack.apiPort() + "/health/ready");

    await().atMost(Duration.ofSeconds(30)).until(() ->
        http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    JsonNode checks = call(HttpRequest.newBuilder(ready).build(), 200).path("checks");
    assertThat(checks.fieldNames()).toIterable()
        .contains("kafka", "postgres", "redis", "identity-provider", "document-pipeline", "projector-rag");
    assertThat(checks.fieldNames()).toIterable().contains("intent-router", "projector-agents");
  }

  @Test
  void shouldRouteAPostedMessageAndKeepAFollowUpWithTheSameAgent() throws Exception {
    String conversation = "e2e-" + UUID.randomUUID();
    URI intents = URI.create("http://127.0.0.1:" + stack.apiPort() + "/api/v1/intents");
    URI view = URI.create("http://127.0.0.1:" + stack.apiPort() + "/api/v1/conversations/" + conversation);

    // When: a question and a short follow-up are posted to the same conversation
    call(request(intents).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"conversation_id\":\"" + conversation
            + "\",\"text\":\"What was our total revenue in Europe last quarter?\"}")).build(), 202);
    call(request(intents).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"conversation_id\":\"" + conversation
            + "\",\"text\":\"and for last month?\"}")).build(), 202);

    // Then: the router, the agents projector and the API show both turns with the analytics agent
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
        http.send(request(view).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200
            && call(request(view).build(), 200).path("message_count").asInt() == 2);
    JsonNode body = call(request(view).build(), 200);
    assertThat(body.path("turns").findValuesAsText("agent")).containsExactly("analytics", "analytics");
    assertThat(body.path("turns").findValuesAsText("reason")).containsExactly("MATCHED", "FOLLOW_UP");
    JsonNode stats = call(request(URI.create(
        "http://127.0.0.1:" + stack.apiPort() + "/api/v1/intents/stats")).build(), 200);
    assertThat(stats.path("per_agent").path("analytics").asLong()).isGreaterThanOrEqualTo(2);
  }
  @Test
  void shouldTraceAPostedDocumentFromTheApiThroughThePipelineToTheRowWritten() throws Exception {
    String callerTrace = "0af7651916cd43dd8448eb211c80319c";
    String id = "traced-" + UUID.randomUUID();
    URI documents = URI.create("http://127.0.0.1:" + stack.apiPort() + "/api/v1/documents");

    call(request(documents).header("Content-Type", "application/json")
        .header("traceparent", "00-" + callerTrace + "-b7ad6b7169203331-01")
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"text\":\"Traced from end to end.\"}"))
        .build(), 202);

    // The projector's span ends when the row's transaction has committed.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
        trace(callerTrace).stream().anyMatch(s -> service(s).equals(Telemetry.PROJECTOR)));
    List<SpanData> trace = trace(callerTrace);
    SpanData server = only(trace, Telemetry.API, SpanKind.SERVER);
    SpanData producer = only(trace, Telemetry.API, SpanKind.PRODUCER);
    SpanData process = only(trace, Telemetry.STREAMS, SpanKind.CONSUMER);
    SpanData projector = only(trace, Telemetry.PROJECTOR, SpanKind.CONSUMER);
    SpanData embed = trace.stream().filter(s -> s.getName().equals("embed")).findFirst().orElseThrow();

    assertThat(server.getName()).isEqualTo("POST /api/v1/documents");
    assertThat(server.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(producer.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(process.getParentSpanId()).isEqualTo(producer.getSpanId());
    assertThat(embed.getParentSpanId()).isEqualTo(process.getSpanId());
    assertThat(projector.getParentSpanId()).isEqualTo(process.getSpanId());
    assertThat(projector.getName()).isEqualTo("docs.embedded.v1 process");
    System.out.printf("e2e trace %s: %d spans from %s to %s%n", callerTrace, trace.size(),
        Telemetry.API, Telemetry.PROJECTOR);
  }

  @Test
  void shouldTraceAPostedMessageThroughTheRouterToTheAgentsReadModel() throws Exception {
    String callerTrace = "1af7651916cd43dd8448eb211c80319d";
    call(request(URI.create("http://127.0.0.1:" + stack.apiPort() + "/api/v1/intents"))
        .header("Content-Type", "application/json")
        .header("traceparent", "00-" + callerTrace + "-c7ad6b7169203332-01")
        .POST(HttpRequest.BodyPublishers.ofString("{\"conversation_id\":\"traced-" + UUID.randomUUID()
            + "\",\"text\":\"Please refund the duplicate charge on my invoice\"}")).build(), 202);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
        trace(callerTrace).stream().anyMatch(s -> service(s).equals(Telemetry.PROJECTOR)));
    List<SpanData> trace = trace(callerTrace);
    SpanData producer = only(trace, Telemetry.API, SpanKind.PRODUCER);
    SpanData router = only(trace, Telemetry.STREAMS, SpanKind.CONSUMER);
    SpanData projector = only(trace, Telemetry.PROJECTOR, SpanKind.CONSUMER);

    assertThat(producer.getParentSpanId()).isEqualTo(only(trace, Telemetry.API, SpanKind.SERVER).getSpanId());
    assertThat(router.getName()).isEqualTo("agents.messages.v1 process");
    assertThat(router.getParentSpanId()).isEqualTo(producer.getSpanId());
    assertThat(projector.getName()).isEqualTo("agents.routed.v1 process");
    assertThat(projector.getParentSpanId()).isEqualTo(router.getSpanId());
  }

  @Test
  void shouldExposeEveryDocumentedMetricAtMetricsAndNoUndocumentedOne() throws Exception {
    // Some traffic first: a search (request timer, cache lookup) and a document through the pipeline.
    search("kettle");
    String id = "metered-" + UUID.randomUUID();
    call(request(URI.create("http://127.0.0.1:" + stack.apiPort() + "/api/v1/documents"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"text\":\"Counted once.\"}"))
        .build(), 202);
    // As dev mode serves them: on a management port of their own, never on the API port.
    try (ManagementServer management = ManagementServer.start("127.0.0.1", 0, telemetry::scrape)) {
      URI metrics = URI.create("http://127.0.0.1:" + management.port() + "/metrics");
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort() + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
          MetricsExposition.parse(scrape(metrics)).value("tributary_projection_records_total",
              Map.of("projection", "rag", "result", "applied")) >= 1);
      // The lag gauges appear with the lag collector's first sample of the rag projection.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
          MetricsExposition.parse(scrape(metrics)).families("tributary_lag_").contains("tributary_lag_group_seconds"));

      String scraped = scrape(metrics);
      Files.writeString(Path.of("target", "e2e-metrics.txt"), scraped);
      MetricsExposition exported = MetricsExposition.parse(scraped);
      Map<String, MetricsExposition.Documented> documented =
          MetricsExposition.readmeTable(Files.readString(Path.of("..", "docs", "observability.md")));

      assertThat(documented).isNotEmpty();
      assertThat(exported.families("tributary_")).as("exported tributary_* metrics vs docs/observability.md")
          .isEqualTo(documented.keySet());
      documented.forEach((name, doc) -> {
        assertThat(exported.labels(name)).as("labels of " + name).isEqualTo(doc.labels());
        assertThat(exported.type(name)).as("type of " + name).isEqualTo(doc.type());
      });
      assertThat(exported.value("tributary_pipeline_documents_total", Map.of("outcome", "embedded"))).isPositive();
      assertThat(exported.value("tributary_breaker_state", Map.of("name", "postgres", "state", "closed"))).isEqualTo(1);
    }
  }

  @Test
  void shouldDescribeEveryServedRouteInTheOpenApiDocumentAndNoOther() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + stack.apiPort() + "/openapi")).build(), HttpResponse.BodyHandlers.ofString());
    com.fasterxml.jackson.databind.JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(response.body());
    java.util.Set<String> documented = new java.util.TreeSet<>();
    document.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(
        method -> documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));

    assertThat(response.statusCode()).isEqualTo(200);
    // The production wiring of the api role, not a test subset of its services.
    assertThat(documented).isEqualTo(new java.util.TreeSet<>(stack.apiRoutes()));
    assertThat(document.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
        .isEqualTo("bearer");
  }

  private String scrape(URI metrics) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static List<SpanData> trace(String traceId) {
    return SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
  }

  private static String service(SpanData span) {
    return span.getResource().getAttribute(AttributeKey.stringKey("service.name"));
  }

  private static SpanData only(List<SpanData> trace, String service, SpanKind kind) {
    List<SpanData> matching = trace.stream().filter(s -> service(s).equals(service) && s.getKind() == kind).toList();
    assertThat(matching).as(service + " " + kind + " spans in " + trace).hasSize(1);
    return matching.getFirst();
  }
}
