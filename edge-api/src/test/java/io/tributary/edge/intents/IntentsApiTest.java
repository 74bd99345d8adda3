package io.tributary.edge.intents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.tenancy.SingleTenant;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.projections.agents.AgentRoutes;
import io.tributary.projections.agents.AgentsProjection;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.RouteReason;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class IntentsApiTest {

  private static final String TENANT = "tenant-a";
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static Database database;
  private static DocumentSubmitter documents;
  private static IntentSubmitter intents;
  private static EdgeApi api;
  private static String kafkaBootstrap;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db) {
    kafkaBootstrap = kafka.bootstrapServers();
    try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap))) {
      new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    }
    database = new Database(db.jdbcUrl());
    Migrations.apply(database.dataSource());
    documents = DocumentSubmitter.connect(KafkaClients.plaintext(kafkaBootstrap), "intents-test-docs");
    intents = IntentSubmitter.connect(KafkaClients.plaintext(kafkaBootstrap), "intents-test");
    SingleTenant tenants = new SingleTenant(TENANT);
    JsonBodies bodies = new JsonBodies(64 * 1024);
    AgentRoutes routes = new AgentRoutes(database.jdbi());
    api = EdgeApi.start("127.0.0.1", 0, new EdgeApi.EdgeServices(
        null, null,
        new HealthService(List.of()))
        .withIntents(new IntentsApi(
            new IntentsService(intents, routes, tenants, bodies, Clock.systemUTC(), Duration.ofSeconds(10)),
            new ConversationsService(routes, tenants))));
    project(decision(TENANT, "conv-1", "m1", "analytics", 0.72, T0),
        withLabels(decision(TENANT, "conv-1", "m2", "analytics", 0.21, T0.plusSeconds(10)), "snap-7", 412),
        decision(TENANT, "conv-2", "m1", "default", 0.12, T0.plusSeconds(20)),
        decision("tenant-b", "conv-9", "m1", "hr", 0.9, T0));
  }

  @AfterAll
  static void stop() {
    api.close();
    intents.close();
    documents.close();
    database.close();
  }

  private static RoutingDecision decision(String tenant, String conversation, String message, String agent,
      double confidence, Instant at) {
    return new RoutingDecision(message, conversation, tenant, "u1", agent, confidence, "billing", 0.1,
        confidence - 0.1, agent.equals("default") ? RouteReason.BELOW_THRESHOLD : RouteReason.MATCHED,
        "agents." + agent + ".requests.v1", "cat-1", "all-minilm-l6-v2-q", "preview of " + message, at, at, "", 0);
  }

  private static RoutingDecision withLabels(RoutingDecision d, String snapshot, int examples) {
    return new RoutingDecision(d.messageId(), d.conversationId(), d.tenant(), d.user(), d.agent(), d.confidence(),
        d.runnerUp(), d.runnerUpConfidence(), d.margin(), d.reason(), d.topic(), d.catalogueVersion(), d.model(),
        d.preview(), d.sentAt(), d.routedAt(), snapshot, examples);
  }

  private static void project(RoutingDecision... decisions) {
    List<ConsumerRecord<String, RoutingDecision>> batch = java.util.stream.IntStream.range(0, decisions.length)
        .mapToObj(i -> new ConsumerRecord<>(Topics.AGENTS_ROUTED.name(), 0, i, decisions[i].conversationId(),
            decisions[i]))
        .toList();
    database.jdbi().useTransaction(handle -> new AgentsProjection().apply(handle, batch));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/intents"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  @Test
  void shouldAcceptAMessageWith202AndWriteItKeyedByConversationForTheCallersTenant() throws Exception {
    HttpResponse<String> response = post("{\"conversation_id\":\"conv-42\",\"user\":\"ann\",\"text\":\"Where is my parcel?\"}");

    JsonNode body = json(response);
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Location")).contains("/api/v1/conversations/conv-42");
    assertThat(body.path("conversation_id").asText()).isEqualTo("conv-42");
    ConsumerRecord<String, AgentMessage> record = readOne(body.path("partition").asInt(), body.path("offset").asLong());
    assertThat(record.key()).isEqualTo("conv-42");
    assertThat(record.value().tenant()).isEqualTo(TENANT);
    assertThat(record.value().user()).isEqualTo("ann");
    assertThat(record.value().text()).isEqualTo("Where is my parcel?");
    assertThat(record.value().id()).isEqualTo(body.path("message_id").asText());
    assertThat(record.headers().lastHeader(IntentsService.REQUEST_ID_HEADER)).isNotNull();
  }

  @Test
  void shouldAnswer422NamingEveryBadField() throws Exception {
    HttpResponse<String> response = post("{\"tenant\":\"evil\",\"conversation_id\":\"a b\",\"txt\":\"x\"}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(json(response).path("details").findValuesAsText("field"))
        .contains("tenant", "conversation_id", "txt");
    HttpResponse<String> noText = post("{\"text\":\"   \"}");
    assertThat(noText.statusCode()).isEqualTo(422);
    assertThat(json(noText).path("details").findValuesAsText("field")).contains("text");
  }

  @Test
  void shouldShowAConversationWithItsTurnsAndPreviewsOnly() throws Exception {
    HttpResponse<String> response = get("/api/v1/conversations/conv-1");

    JsonNode body = json(response);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body.path("last_agent").asText()).isEqualTo("analytics");
    assertThat(body.path("message_count").asInt()).isEqualTo(2);
    assertThat(body.path("turns").findValuesAsText("message_id")).containsExactly("m1", "m2");
    assertThat(body.path("turns").get(0).path("preview").asText()).isEqualTo("preview of m1");
  }

  @Test
  void shouldNameTheLabelSnapshotOfEachTurnAndRouteAndAnEmptyOneWithoutLabels() throws Exception {
    JsonNode turns = json(get("/api/v1/conversations/conv-1")).path("turns");
    JsonNode routes = json(get("/api/v1/intents/routes?agent=analytics")).path("routes");

    assertThat(turns.findValuesAsText("label_snapshot")).containsExactly("", "snap-7");
    assertThat(turns.findValues("label_examples")).extracting(JsonNode::asInt).containsExactly(0, 412);
    assertThat(routes.findValuesAsText("label_snapshot")).containsExactly("snap-7", "");
    assertThat(routes.findValues("label_examples")).extracting(JsonNode::asInt).containsExactly(412, 0);
  }

  @Test
  void shouldAnswer404ForAnotherTenantsConversation() throws Exception {
    HttpResponse<String> response = get("/api/v1/conversations/conv-9");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void shouldPageRoutesOfOneAgent() throws Exception {
    JsonNode first = json(get("/api/v1/intents/routes?agent=analytics&limit=1"));
    JsonNode second = json(get("/api/v1/intents/routes?agent=analytics&limit=1&cursor="
        + first.path("next_cursor").asText()));

    assertThat(first.path("routes").findValuesAsText("message_id")).containsExactly("m2");
    assertThat(second.path("routes").findValuesAsText("message_id")).containsExactly("m1");
    assertThat(second.path("next_cursor").isNull()).isTrue();
    assertThat(get("/api/v1/intents/routes?cursor=abc").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldReportStatsOfTheCallersTenantOnly() throws Exception {
    JsonNode stats = json(get("/api/v1/intents/stats"));

    assertThat(stats.path("total").asLong()).isEqualTo(3);
    assertThat(stats.path("per_agent").path("analytics").asLong()).isEqualTo(2);
    assertThat(stats.path("per_agent").has("hr")).isFalse();
    assertThat(stats.path("default_rate").asDouble()).isEqualTo(1.0 / 3);
    assertThat(stats.path("confidence_histogram")).hasSize(10);
    assertThat(stats.path("confidence_histogram").get(7).path("count").asLong()).isEqualTo(1);
  }

  private static ConsumerRecord<String, AgentMessage> readOne(int partition, long offset) {
    try (KafkaConsumer<String, AgentMessage> consumer = new KafkaConsumer<>(
        Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap),
        new StringDeserializer(), Topics.AGENTS_MESSAGES.valueSerde().deserializer())) {
      TopicPartition tp = new TopicPartition(Topics.AGENTS_MESSAGES.name(), partition);
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, AgentMessage> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() == offset) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no record at " + partition + "/" + offset);
  }
}
