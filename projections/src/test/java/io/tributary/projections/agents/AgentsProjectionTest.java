package io.tributary.projections.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.schemas.agents.RouteReason;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentsProjectionTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private final AgentsProjection projection = new AgentsProjection();
  private final AtomicLong offsets = new AtomicLong();
  private Database database;
  private Jdbi jdbi;
  private AgentRoutes routes;

  @BeforeAll
  void migrate(EmbeddedPostgres postgres) {
    database = MigratedDatabase.create(postgres, "agents_projection");
    jdbi = database.jdbi();
    routes = new AgentRoutes(jdbi);
  }

  @AfterAll
  void close() {
    database.close();
  }

  @BeforeEach
  void emptyTables() {
    jdbi.useHandle(h -> h.execute("TRUNCATE agents.routes, agents.conversations"));
  }

  static RoutingDecision decision(String tenant, String conversation, String message, String agent, double confidence,
      String text, Instant at) {
    RouteReason reason = agent.equals("default") ? RouteReason.BELOW_THRESHOLD : RouteReason.MATCHED;
    return new RoutingDecision(message, conversation, tenant, "u1", agent, confidence, "hr", 0.1, confidence - 0.1,
        reason, "agents." + agent + ".requests.v1", "v1", "all-minilm-l6-v2-q", text, at, at.plusMillis(5), "", 0);
  }

  /** {@code decision} as routed with the label snapshot {@code snapshot} and an index of {@code examples}. */
  private static RoutingDecision withLabels(RoutingDecision d, String snapshot, int examples) {
    return new RoutingDecision(d.messageId(), d.conversationId(), d.tenant(), d.user(), d.agent(), d.confidence(),
        d.runnerUp(), d.runnerUpConfidence(), d.margin(), d.reason(), d.topic(), d.catalogueVersion(), d.model(),
        d.preview(), d.sentAt(), d.routedAt(), snapshot, examples);
  }

  private void apply(RoutingDecision... decisions) {
    List<ConsumerRecord<String, RoutingDecision>> batch = java.util.Arrays.stream(decisions)
        .map(d -> new ConsumerRecord<>(Topics.AGENTS_ROUTED.name(), 0, offsets.getAndIncrement(), d.conversationId(), d))
        .toList();
    jdbi.useTransaction(handle -> projection.apply(handle, batch));
  }

  @Test
  void shouldStoreEveryDecisionWithAPreviewOfAtMostOneHundredCharacters() {
    String longText = "x".repeat(300);
    apply(decision("acme", "c1", "m1", "billing", 0.61, longText, T0));

    RouteRow row = routes.routes("acme", null, null, 10).routes().getFirst();
    assertThat(row.preview()).hasSize(100);
    assertThat(row).usingRecursiveComparison().ignoringFields("seq", "preview").isEqualTo(new RouteRow(0, "c1", "m1",
        "u1", "billing", 0.61, "hr", 0.1, 0.51, "MATCHED", "agents.billing.requests.v1", "v1", "all-minilm-l6-v2-q",
        null, T0, T0.plusMillis(5), "", 0));
    int longest = jdbi.withHandle(h -> h.createQuery("SELECT max(length(preview)) FROM agents.routes")
        .mapTo(Integer.class).one());
    assertThat(longest).isEqualTo(100);
  }

  @Test
  void shouldKeepTheLabelSnapshotAndExampleCountOfEachDecisionAndNoneWithoutLabels() {
    RoutingDecision labelled = withLabels(decision("acme", "c1", "m1", "billing", 0.7, "refund?", T0),
        "snap-2026-03-01", 412);
    RoutingDecision unlabelled = decision("acme", "c1", "m2", "hr", 0.6, "holidays?", T0.plusSeconds(10));

    apply(labelled, unlabelled);

    assertThat(routes.routes("acme", null, null, 10).routes())
        .extracting(RouteRow::messageId, RouteRow::labelSnapshot, RouteRow::labelExamples)
        .containsExactly(tuple("m2", "", 0), tuple("m1", "snap-2026-03-01", 412));
    assertThat(routes.conversation("acme", "c1").orElseThrow().turns())
        .extracting(RouteRow::labelSnapshot, RouteRow::labelExamples)
        .containsExactly(tuple("snap-2026-03-01", 412), tuple("", 0));
    assertThat(routes.latestRoute("acme", "m1").orElseThrow().labelSnapshot()).isEqualTo("snap-2026-03-01");
  }

  @Test
  void shouldKeepTheConversationsLatestAgentAndCountEachMessageOnce() {
    RoutingDecision first = decision("acme", "c1", "m1", "analytics", 0.7, "revenue?", T0);
    RoutingDecision second = decision("acme", "c1", "m2", "analytics", 0.2, "and last month?", T0.plusSeconds(10));
    RoutingDecision third = decision("acme", "c1", "m3", "hr", 0.8, "holidays?", T0.plusSeconds(20));

    apply(first, second);
    apply(second, third);

    ConversationView view = routes.conversation("acme", "c1").orElseThrow();
    assertThat(view.messageCount()).isEqualTo(3);
    assertThat(view.lastAgent()).isEqualTo("hr");
    assertThat(view.lastMessageId()).isEqualTo("m3");
    assertThat(view.startedAt()).isEqualTo(T0);
    assertThat(view.turns()).extracting(RouteRow::messageId).containsExactly("m1", "m2", "m3");
  }

  @Test
  void shouldNeverShowAnotherTenantsRoutesOrConversations() {
    apply(decision("acme", "c1", "m1", "billing", 0.6, "a", T0), decision("globex", "c1", "m1", "hr", 0.6, "b", T0));

    assertThat(routes.routes("acme", null, null, 10).routes()).extracting(RouteRow::agent).containsExactly("billing");
    assertThat(routes.conversation("acme", "c1").orElseThrow().lastAgent()).isEqualTo("billing");
    assertThat(routes.conversation("initech", "c1")).isEmpty();
    assertThat(routes.stats("globex").perAgent()).containsExactly(java.util.Map.entry("hr", 1L));
  }

  @Test
  void shouldPageRoutesOfOneAgentNewestFirstWithACursor() {
    for (int i = 0; i < 5; i++) {
      apply(decision("acme", "c" + i, "m" + i, i % 2 == 0 ? "billing" : "hr", 0.5, "t", T0.plusSeconds(i)));
    }

    RoutePage first = routes.routes("acme", "billing", null, 2);
    RoutePage second = routes.routes("acme", "billing", first.nextCursor(), 2);

    assertThat(first.routes()).extracting(RouteRow::messageId).containsExactly("m4", "m2");
    assertThat(second.routes()).extracting(RouteRow::messageId).containsExactly("m0");
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void shouldCountAgentsBucketConfidencesAndComputeTheDefaultRate() {
    apply(decision("acme", "c1", "m1", "billing", 0.65, "a", T0),
        decision("acme", "c2", "m2", "billing", 0.61, "b", T0),
        decision("acme", "c3", "m3", "default", 0.12, "c", T0),
        decision("acme", "c4", "m4", "default", -0.05, "d", T0));

    RoutingStats stats = routes.stats("acme");

    assertThat(stats.total()).isEqualTo(4);
    assertThat(stats.perAgent()).containsEntry("billing", 2L).containsEntry("default", 2L);
    assertThat(stats.defaultRate()).isEqualTo(0.5);
    assertThat(stats.confidenceHistogram()).extracting(RoutingStats.Bucket::count)
        .containsExactly(1L, 1L, 0L, 0L, 0L, 0L, 2L, 0L, 0L, 0L);
    assertThat(stats.perReason()).containsEntry("MATCHED", 2L).containsEntry("BELOW_THRESHOLD", 2L);
  }
}
