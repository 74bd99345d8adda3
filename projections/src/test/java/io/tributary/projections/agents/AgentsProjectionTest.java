package io.tributary.projections.agents;

import static io.tributary.projections.agents.AgentsDatabase.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.schemas.agents.RoutingDecision;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
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

  @AutoClose
  private final AgentsDatabase agents;

  AgentsProjectionTest(EmbeddedPostgres postgres) {
    agents = new AgentsDatabase(postgres, "agents_projection");
  }

  @BeforeEach
  void emptyTables() {
    agents.empty();
  }

  /** {@code decision} as routed with the label snapshot {@code snapshot} and an index of {@code examples}. */
  private static RoutingDecision withLabels(RoutingDecision d, String snapshot, int examples) {
    return new RoutingDecision(d.messageId(), d.conversationId(), d.tenant(), d.user(), d.agent(), d.confidence(),
        d.runnerUp(), d.runnerUpConfidence(), d.margin(), d.reason(), d.topic(), d.catalogueVersion(), d.model(),
        d.preview(), d.sentAt(), d.routedAt(), snapshot, examples);
  }

  @Test
  void shouldStoreEveryDecisionWithAPreviewOfAtMostOneHundredCharacters() {
    String longText = "x".repeat(300);
    agents.route(decision("acme", "c1", "m1", "billing", 0.61, longText, T0));

    RouteRow row = agents.routes().routes("acme", null, null, 10).routes().getFirst();
    assertThat(row.preview()).hasSize(100);
    assertThat(row).usingRecursiveComparison().ignoringFields("seq", "preview").isEqualTo(new RouteRow(0, "c1", "m1",
        "u1", "billing", 0.61, "hr", 0.1, 0.51, "MATCHED", "agents.billing.requests.v1", "v1", "all-minilm-l6-v2-q",
        null, T0, T0.plusMillis(5), "", 0));
    int longest = agents.jdbi().withHandle(h -> h.createQuery("SELECT max(length(preview)) FROM agents.routes")
        .mapTo(Integer.class).one());
    assertThat(longest).isEqualTo(100);
  }

  @Test
  void shouldKeepTheLabelSnapshotAndExampleCountOfEachDecisionAndNoneWithoutLabels() {
    RoutingDecision labelled = withLabels(decision("acme", "c1", "m1", "billing", 0.7, "refund?", T0),
        "snap-2026-03-01", 412);
    RoutingDecision unlabelled = decision("acme", "c1", "m2", "hr", 0.6, "holidays?", T0.plusSeconds(10));

    agents.route(labelled, unlabelled);

    assertThat(agents.routes().routes("acme", null, null, 10).routes())
        .extracting(RouteRow::messageId, RouteRow::labelSnapshot, RouteRow::labelExamples)
        .containsExactly(tuple("m2", "", 0), tuple("m1", "snap-2026-03-01", 412));
    assertThat(agents.routes().conversation("acme", "c1").orElseThrow().turns())
        .extracting(RouteRow::labelSnapshot, RouteRow::labelExamples)
        .containsExactly(tuple("snap-2026-03-01", 412), tuple("", 0));
    assertThat(agents.routes().latestRoute("acme", "m1").orElseThrow().labelSnapshot()).isEqualTo("snap-2026-03-01");
  }

  @Test
  void shouldKeepTheConversationsLatestAgentAndCountEachMessageOnce() {
    RoutingDecision first = decision("acme", "c1", "m1", "analytics", 0.7, "revenue?", T0);
    RoutingDecision second = decision("acme", "c1", "m2", "analytics", 0.2, "and last month?", T0.plusSeconds(10));
    RoutingDecision third = decision("acme", "c1", "m3", "hr", 0.8, "holidays?", T0.plusSeconds(20));

    agents.route(first, second);
    agents.route(second, third);

    ConversationView view = agents.routes().conversation("acme", "c1").orElseThrow();
    assertThat(view.messageCount()).isEqualTo(3);
    assertThat(view.lastAgent()).isEqualTo("hr");
    assertThat(view.lastMessageId()).isEqualTo("m3");
    assertThat(view.startedAt()).isEqualTo(T0);
    assertThat(view.turns()).extracting(RouteRow::messageId).containsExactly("m1", "m2", "m3");
  }

  @Test
  void shouldNeverShowAnotherTenantsRoutesOrConversations() {
    agents.route(decision("acme", "c1", "m1", "billing", 0.6, "a", T0),
        decision("globex", "c1", "m1", "hr", 0.6, "b", T0));

    assertThat(agents.routes().routes("acme", null, null, 10).routes()).extracting(RouteRow::agent)
        .containsExactly("billing");
    assertThat(agents.routes().conversation("acme", "c1").orElseThrow().lastAgent()).isEqualTo("billing");
    assertThat(agents.routes().conversation("initech", "c1")).isEmpty();
    assertThat(agents.routes().stats("globex").perAgent()).containsExactly(java.util.Map.entry("hr", 1L));
  }

  @Test
  void shouldPageRoutesOfOneAgentNewestFirstWithACursor() {
    for (int i = 0; i < 5; i++) {
      agents.route(decision("acme", "c" + i, "m" + i, i % 2 == 0 ? "billing" : "hr", 0.5, "t", T0.plusSeconds(i)));
    }

    RoutePage first = agents.routes().routes("acme", "billing", null, 2);
    RoutePage second = agents.routes().routes("acme", "billing", first.nextCursor(), 2);

    assertThat(first.routes()).extracting(RouteRow::messageId).containsExactly("m4", "m2");
    assertThat(second.routes()).extracting(RouteRow::messageId).containsExactly("m0");
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void shouldCountAgentsBucketConfidencesAndComputeTheDefaultRate() {
    agents.route(decision("acme", "c1", "m1", "billing", 0.65, "a", T0),
        decision("acme", "c2", "m2", "billing", 0.61, "b", T0),
        decision("acme", "c3", "m3", "default", 0.12, "c", T0),
        decision("acme", "c4", "m4", "default", -0.05, "d", T0));

    RoutingStats stats = agents.routes().stats("acme");

    assertThat(stats.total()).isEqualTo(4);
    assertThat(stats.perAgent()).containsEntry("billing", 2L).containsEntry("default", 2L);
    assertThat(stats.defaultRate()).isEqualTo(0.5);
    assertThat(stats.confidenceHistogram()).extracting(RoutingStats.Bucket::count)
        .containsExactly(1L, 1L, 0L, 0L, 0L, 0L, 2L, 0L, 0L, 0L);
    assertThat(stats.perReason()).containsEntry("MATCHED", 2L).containsEntry("BELOW_THRESHOLD", 2L);
  }
}
