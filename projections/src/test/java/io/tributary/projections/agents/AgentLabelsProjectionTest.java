package io.tributary.projections.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** agents.labels.v1 into agents.labels, and the labels' judgement of the decisions in the stats. */
@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentLabelsProjectionTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private final AgentLabelsProjection labels = new AgentLabelsProjection();
  @AutoClose
  private final AgentsDatabase agents;

  AgentLabelsProjectionTest(EmbeddedPostgres postgres) {
    agents = new AgentsDatabase(postgres, "agent_labels");
  }

  @BeforeEach
  void emptyTables() {
    agents.empty();
  }

  private static IntentLabel label(String tenant, String message, String agent, Instant at) {
    return new IntentLabel(tenant, message, "the full text of " + message, agent, IntentLabel.OPERATOR, at);
  }

  private static byte[] bytes(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  private ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
    return new ConsumerRecord<>(Topics.AGENTS_LABELS.name(), 0, agents.nextOffset(), bytes(key), value);
  }

  private ConsumerRecord<byte[], byte[]> record(IntentLabel label) {
    return record(label.key(), Topics.AGENTS_LABELS.valueSerde().serializer().serialize("t", label));
  }

  private void applyLabels(List<ConsumerRecord<byte[], byte[]>> batch) {
    agents.jdbi().useTransaction(handle -> labels.apply(handle, batch));
  }

  private void label(IntentLabel... given) {
    applyLabels(Arrays.stream(given).map(this::record).toList());
  }

  private void route(String tenant, String conversation, String message, String agent, Instant at) {
    agents.route(AgentsDatabase.decision(tenant, conversation, message, agent, 0.7, "text", at));
  }

  private List<String> rows() {
    return agents.jdbi().withHandle(h -> h.createQuery(
            "SELECT tenant || '/' || message_id || '=' || agent || ':' || source FROM agents.labels ORDER BY 1")
        .mapTo(String.class).list());
  }

  @Test
  void shouldKeepTheLatestLabelOfEachMessageInLogOrder() {
    label(label("acme", "m1", "billing", T0), label("acme", "m2", "hr", T0));
    label(label("acme", "m1", "shipping", T0.minusSeconds(60)));

    assertThat(rows()).containsExactly("acme/m1=shipping:operator", "acme/m2=hr:operator");
  }

  @Test
  void shouldDeleteTheRowOnATombstoneOfItsTenantOnly() {
    label(label("acme", "m1", "billing", T0), label("globex", "m1", "hr", T0));

    applyLabels(List.of(record("acme/m1", null), record("acme/never-labelled", null)));

    assertThat(rows()).containsExactly("globex/m1=hr:operator");
  }

  @Test
  void shouldNeverStoreTheMessageText() {
    label(label("acme", "m1", "billing", T0));

    List<String> columns = agents.jdbi().withHandle(h -> h.createQuery("""
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = 'agents' AND table_name = 'labels' ORDER BY ordinal_position""")
        .mapTo(String.class).list());
    assertThat(columns).containsExactly("tenant", "message_id", "agent", "source", "labelled_at");
  }

  @Test
  void shouldRefuseALabelWhoseKeyNamesAnotherTenant() {
    byte[] value = Topics.AGENTS_LABELS.valueSerde().serializer().serialize("t", label("acme", "m1", "billing", T0));

    assertThatThrownBy(() -> applyLabels(List.of(record("globex/m1", value))))
        .isInstanceOf(InvalidRecordException.class)
        .satisfies(e -> assertThat(((InvalidRecordException) e).code()).isEqualTo(ErrorCode.TENANT_MISMATCH));
    assertThat(rows()).isEmpty();
  }

  @Test
  void shouldRefuseALabelBreakingTheSchema() {
    assertThatThrownBy(() -> label(label("acme", "m1", "Not An Agent", T0)))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("/agent");
  }

  @Test
  void shouldJudgeEachMessagesLatestDecisionByItsLabelPerTenant() {
    // acme: m1 right, m2 and m3 wrong the same way, m4 right after a re-route, m5 labelled before
    // its decision (not judged), m6 labelled but never routed (not judged).
    route("acme", "c1", "m1", "billing", T0);
    route("acme", "c2", "m2", "hr", T0);
    route("acme", "c3", "m3", "hr", T0);
    route("acme", "c4", "m4", "hr", T0);
    route("acme", "c5", "m4", "billing", T0.plusSeconds(30));
    route("acme", "c6", "m5", "hr", T0.plusSeconds(120));
    // globex routes the same message ids elsewhere and labels them otherwise.
    route("globex", "c1", "m1", "default", T0);
    route("globex", "c2", "m2", "default", T0);
    label(label("acme", "m1", "billing", T0.plusSeconds(60)),
        label("acme", "m2", "billing", T0.plusSeconds(60)),
        label("acme", "m3", "billing", T0.plusSeconds(60)),
        label("acme", "m4", "billing", T0.plusSeconds(60)),
        label("acme", "m5", "billing", T0.plusSeconds(60)),
        label("acme", "m6", "shipping", T0.plusSeconds(60)),
        label("globex", "m1", "hr", T0.plusSeconds(60)),
        label("globex", "m2", "default", T0.plusSeconds(60)));

    RoutingStats.Labels acme = agents.routes().stats("acme").labels();
    RoutingStats.Labels globex = agents.routes().stats("globex").labels();

    assertThat(acme.perAgent()).containsExactly(Map.entry("billing", 5L), Map.entry("shipping", 1L));
    assertThat(acme.judged()).isEqualTo(4);
    assertThat(acme.accuracy()).isEqualTo(0.5);
    assertThat(acme.confusion()).containsExactly(
        new RoutingStats.Confusion("billing", "billing", 2),
        new RoutingStats.Confusion("hr", "billing", 2));
    assertThat(globex.perAgent()).containsOnly(Map.entry("default", 1L), Map.entry("hr", 1L));
    assertThat(globex.judged()).isEqualTo(2);
    assertThat(globex.accuracy()).isEqualTo(0.5);
    assertThat(globex.confusion()).containsExactlyInAnyOrder(
        new RoutingStats.Confusion("default", "default", 1),
        new RoutingStats.Confusion("default", "hr", 1));
  }

  @Test
  void shouldReportNoAccuracyWhenEveryLabelPredatesItsDecision() {
    route("acme", "c1", "m1", "billing", T0);
    label(new IntentLabel("acme", "m1", "imported text", "hr", IntentLabel.IMPORT, T0.minusSeconds(3600)));

    RoutingStats.Labels stats = agents.routes().stats("acme").labels();

    assertThat(stats.perAgent()).containsExactly(Map.entry("hr", 1L));
    assertThat(stats.judged()).isZero();
    assertThat(stats.accuracy()).isNull();
    assertThat(stats.confusion()).isEmpty();
  }

  @Test
  void shouldFindAMessagesLatestDecisionForItsTenantOnly() {
    route("acme", "c1", "m1", "hr", T0);
    route("acme", "c2", "m1", "billing", T0.plusSeconds(5));

    assertThat(agents.routes().latestRoute("acme", "m1")).hasValueSatisfying(row -> {
      assertThat(row.conversationId()).isEqualTo("c2");
      assertThat(row.agent()).isEqualTo("billing");
    });
    assertThat(agents.routes().latestRoute("globex", "m1")).isEmpty();
  }
}
