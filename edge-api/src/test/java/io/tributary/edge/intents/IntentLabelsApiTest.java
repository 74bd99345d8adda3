package io.tributary.edge.intents;

import static io.tributary.edge.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.tenancy.CallerTenant;
import io.tributary.edge.testing.EdgeFixture;
import io.tributary.edge.testing.Http;
import io.tributary.edge.testing.SubmittedRecords;
import io.tributary.edge.testing.TestIssuer;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.projections.agents.AgentLabelsProjection;
import io.tributary.projections.agents.AgentRoutes;
import io.tributary.projections.agents.AgentsProjection;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.agents.IntentLabelReader;
import io.tributary.schemas.agents.RouteReason;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/v1/intents/{message_id}/label} behind bearer tokens: who may label which message, and what reaches the log. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class IntentLabelsApiTest {

  private static final int PARTITIONS = 3;
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final String LABEL_BODY = "{\"agent\":\"billing\",\"text\":\"Why was I charged twice?\"}";

  private static TestIssuer issuer;
  private static Database database;
  private static IntentSubmitter submitter;
  private static EdgeApi api;
  private static Http http;
  private static String kafkaBootstrap;

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db) {
    kafkaBootstrap = kafka.bootstrapServers();
    try (Admin admin = admin()) {
      new TopicProvisioner(admin, new TopicLayout(PARTITIONS, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    }
    issuer = new TestIssuer();
    database = new Database(db.jdbcUrl());
    Migrations.apply(database.dataSource());
    submitter = IntentSubmitter.connect(KafkaClients.plaintext(kafkaBootstrap), "labels-test");
    CallerTenant tenants = new CallerTenant();
    AgentRoutes routes = new AgentRoutes(database.jdbi());
    JsonBodies bodies = new JsonBodies(64 * 1024);
    api = EdgeApi.start("127.0.0.1", 0, new EdgeApi.EdgeServices(null, null, new HealthService(List.of()))
            .withIntents(new IntentsApi(
                new IntentsService(submitter, routes, tenants, bodies, Clock.systemUTC(), Duration.ofSeconds(10)),
                new ConversationsService(routes, tenants))),
        EdgeFixture.bearer(issuer.issuer(), CorsPolicy.none(), 0, 0));
    http = new Http(api.port());
    project(decision("tenant-a", "conv-1", "m1", "analytics"), decision("tenant-b", "conv-9", "m9", "hr"));
  }

  @AfterAll
  static void stop() {
    api.close();
    submitter.close();
    database.close();
    issuer.close();
  }

  private static Admin admin() {
    return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap));
  }

  private static RoutingDecision decision(String tenant, String conversation, String message, String agent) {
    return new RoutingDecision(message, conversation, tenant, "u1", agent, 0.7, "billing", 0.1, 0.6,
        RouteReason.MATCHED, "agents." + agent + ".requests.v1", "cat-1", "all-minilm-l6-v2-q",
        "preview of " + message, T0, T0, "", 0);
  }

  private static void project(RoutingDecision... decisions) {
    List<ConsumerRecord<String, RoutingDecision>> batch = IntStream.range(0, decisions.length)
        .mapToObj(i -> new ConsumerRecord<>(Topics.AGENTS_ROUTED.name(), 0, i, decisions[i].conversationId(),
            decisions[i]))
        .toList();
    database.jdbi().useTransaction(handle -> new AgentsProjection().apply(handle, batch));
  }

  private static String writer(String tenant) {
    return issuer.token("olga", tenant, "tributary.write");
  }

  private static HttpResponse<String> label(String messageId, String token, String body) {
    return http.send(http.request("/api/v1/intents/" + messageId + "/label")
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> withdraw(String messageId, String token) {
    return http.send(http.request("/api/v1/intents/" + messageId + "/label")
        .header("Authorization", "Bearer " + token).DELETE());
  }

  @Test
  void shouldAcceptALabelOfARoutedMessageAndWriteItKeyedByTenantAndMessage() {
    HttpResponse<String> response = label("m1", writer("tenant-a"), LABEL_BODY);

    JsonNode body = json(response);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(response.headers().firstValue("Location")).contains("/api/v1/conversations/conv-1");
    assertThat(body.path("tenant").asText()).isEqualTo("tenant-a");
    assertThat(body.path("message_id").asText()).isEqualTo("m1");
    assertThat(body.path("agent").asText()).isEqualTo("billing");
    assertThat(body.path("source").asText()).isEqualTo(IntentLabel.OPERATOR);
    ConsumerRecord<String, byte[]> record = readOne(body.path("partition").asInt(), body.path("offset").asLong());
    assertThat(record.key()).isEqualTo("tenant-a/m1");
    IntentLabel written = new IntentLabelReader()
        .read(record.key().getBytes(StandardCharsets.UTF_8), record.value()).orElseThrow();
    assertThat(written).isEqualTo(new IntentLabel("tenant-a", "m1", "Why was I charged twice?", "billing",
        IntentLabel.OPERATOR, Instant.parse(body.path("labelled_at").asText())));
    assertThat(record.headers().lastHeader(IntentsService.REQUEST_ID_HEADER)).isNotNull();
  }

  @Test
  void shouldAnswer404ForAnotherTenantsMessageAndWriteNothing() {
    long before = labelRecords();

    HttpResponse<String> otherTenants = label("m9", writer("tenant-a"), LABEL_BODY);
    HttpResponse<String> unknown = label("never-routed", writer("tenant-a"), LABEL_BODY);

    assertThat(otherTenants.statusCode()).isEqualTo(404);
    assertThat(json(otherTenants).path("code").asText()).isEqualTo("NOT_FOUND");
    // The same answer as for a message nobody routed: nothing tells tenant-b's messages apart.
    assertThat(json(otherTenants).path("message").asText())
        .isEqualTo(json(unknown).path("message").asText().replace("never-routed", "m9"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(labelRecords()).isEqualTo(before);
  }

  @Test
  void shouldAnswer422NamingTheFieldOfEachBadLabel() {
    Map<String, String> fieldOfBody = Map.of(
        "{\"agent\":\"Billing Team\",\"text\":\"x\"}", "agent",
        "{\"agent\":\"billing\"}", "text",
        "{\"agent\":\"billing\",\"text\":\"   \"}", "text",
        "{\"agent\":\"billing\",\"text\":\"" + "x".repeat(8001) + "\"}", "text",
        "{\"agent\":\"billing\",\"text\":\"x\",\"priority\":1}", "priority",
        "{\"agent\":\"billing\",\"text\":\"x\",\"source\":\"import\"}", "source");

    fieldOfBody.forEach((body, field) -> {
      HttpResponse<String> response = label("m1", writer("tenant-a"), body);

      assertThat(response.statusCode()).as(body).isEqualTo(422);
      assertThat(json(response).path("code").asText()).isEqualTo("VALIDATION_FAILED");
      assertThat(json(response).path("details").findValuesAsText("field")).as(body).contains(field);
    });
  }

  @Test
  void shouldRefuseALabelOrAWithdrawalWithAReadOnlyToken() {
    String reader = issuer.token("rita", "tenant-a", "tributary.read");

    HttpResponse<String> labelled = label("m1", reader, LABEL_BODY);
    HttpResponse<String> withdrawn = withdraw("m1", reader);

    assertThat(labelled.statusCode()).isEqualTo(403);
    assertThat(json(labelled).path("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(withdrawn.statusCode()).isEqualTo(403);
  }

  @Test
  void shouldWithdrawALabelWithATombstoneOfTheCallersTenant() {
    HttpResponse<String> response = withdraw("m1", writer("tenant-a"));

    JsonNode body = json(response);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(body.path("message_id").asText()).isEqualTo("m1");
    ConsumerRecord<String, byte[]> record = readOne(body.path("partition").asInt(), body.path("offset").asLong());
    assertThat(record.key()).isEqualTo("tenant-a/m1");
    assertThat(record.value()).isNull();
  }

  @Test
  void shouldReportTheLabelsOfTheCallersTenantInTheStats() {
    byte[] a = Topics.AGENTS_LABELS.valueSerde().serializer().serialize("t",
        new IntentLabel("tenant-a", "m1", "text", "billing", IntentLabel.OPERATOR, T0.plusSeconds(60)));
    byte[] b = Topics.AGENTS_LABELS.valueSerde().serializer().serialize("t",
        new IntentLabel("tenant-b", "m9", "text", "hr", IntentLabel.OPERATOR, T0.plusSeconds(60)));
    database.jdbi().useTransaction(handle -> new AgentLabelsProjection().apply(handle, List.of(
        new ConsumerRecord<>(Topics.AGENTS_LABELS.name(), 0, 0, "tenant-a/m1".getBytes(StandardCharsets.UTF_8), a),
        new ConsumerRecord<>(Topics.AGENTS_LABELS.name(), 0, 1, "tenant-b/m9".getBytes(StandardCharsets.UTF_8), b))));

    JsonNode labelsA = json(http.get("/api/v1/intents/stats", issuer.token("rita", "tenant-a", "tributary.read")))
        .path("labels");
    JsonNode labelsB = json(http.get("/api/v1/intents/stats", issuer.token("rita", "tenant-b", "tributary.read")))
        .path("labels");

    assertThat(labelsA.path("per_agent").fieldNames()).toIterable().containsExactly("billing");
    assertThat(labelsA.path("judged").asLong()).isEqualTo(1);
    assertThat(labelsA.path("accuracy").asDouble()).isEqualTo(0.0);
    assertThat(labelsA.path("confusion")).hasSize(1);
    assertThat(labelsA.path("confusion").get(0).path("routed").asText()).isEqualTo("analytics");
    assertThat(labelsA.path("confusion").get(0).path("labelled").asText()).isEqualTo("billing");
    assertThat(labelsA.path("confusion").get(0).path("count").asLong()).isEqualTo(1);
    assertThat(labelsB.path("per_agent").fieldNames()).toIterable().containsExactly("hr");
    assertThat(labelsB.path("accuracy").asDouble()).isEqualTo(1.0);
  }

  /** Records written to agents.labels.v1 so far, over every partition. */
  private static long labelRecords() {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(Topics.AGENTS_LABELS.name(), p), OffsetSpec.latest());
      }
      return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ConsumerRecord<String, byte[]> readOne(int partition, long offset) {
    return SubmittedRecords.readOne(kafkaBootstrap, Topics.AGENTS_LABELS.name(), partition, offset);
  }
}
