package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.agents.RouteReason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FollowUpRuleTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private final FollowUpRule rule = FollowUpRule.defaults();
  private final Conversation afterAnalytics = new Conversation(List.of(
      new Conversation.Turn("m-1", "analytics", 0.7, RouteReason.MATCHED, T0)));

  private static Classification scores(double billing, double analytics) {
    List<AgentScore> ranked = billing >= analytics
        ? List.of(new AgentScore("billing", billing), new AgentScore("analytics", analytics))
        : List.of(new AgentScore("analytics", analytics), new AgentScore("billing", billing));
    return new Classification(ranked, "test");
  }

  @Test
  void shouldStayWhenTheShortMessageIsBelowThreshold() {
    assertThat(rule.previousAgent("last month?", scores(0.2, 0.1), 0.3, afterAnalytics, T0.plusSeconds(60)))
        .contains("analytics");
  }

  @Test
  void shouldStayWhenTheShortMessageIsNearlyTied() {
    assertThat(rule.previousAgent("last month?", scores(0.42, 0.40), 0.3, afterAnalytics, T0.plusSeconds(60)))
        .contains("analytics");
  }

  @Test
  void shouldStayOnAContinuationCueUnlessTheMatchIsStrong() {
    assertThat(rule.previousAgent("and for last month?", scores(0.45, 0.2), 0.3, afterAnalytics, T0.plusSeconds(60)))
        .contains("analytics");
    assertThat(rule.previousAgent("and my invoice?", scores(0.65, 0.2), 0.3, afterAnalytics, T0.plusSeconds(60)))
        .isEmpty();
  }

  @Test
  void shouldNotStayForAConfidentClearShortMessage() {
    assertThat(rule.previousAgent("refund my payment", scores(0.6, 0.2), 0.3, afterAnalytics, T0.plusSeconds(60)))
        .isEmpty();
  }

  @Test
  void shouldNotStayForLongMessagesOldConversationsOrAfterDefault() {
    assertThat(rule.previousAgent("what about the numbers for every single region last month?", scores(0.2, 0.1), 0.3,
        afterAnalytics, T0.plusSeconds(60))).isEmpty();
    assertThat(rule.previousAgent("last month?", scores(0.2, 0.1), 0.3, afterAnalytics, T0.plusSeconds(31 * 60)))
        .isEmpty();
    Conversation afterDefault = new Conversation(List.of(
        new Conversation.Turn("m-1", "default", 0.1, RouteReason.BELOW_THRESHOLD, T0)));
    assertThat(rule.previousAgent("last month?", scores(0.2, 0.1), 0.3, afterDefault, T0.plusSeconds(60))).isEmpty();
    assertThat(rule.previousAgent("last month?", scores(0.2, 0.1), 0.3, null, T0.plusSeconds(60))).isEmpty();
  }

  @Test
  void shouldRememberOnlyTheLastTurns() {
    Conversation conversation = new Conversation(null);
    for (int i = 0; i < 7; i++) {
      conversation = conversation.plus(
          new Conversation.Turn("m-" + i, "hr", 0.5, RouteReason.MATCHED, T0.plusSeconds(i)), rule.maxTurns());
    }
    assertThat(conversation.turns()).extracting(Conversation.Turn::messageId)
        .containsExactly("m-2", "m-3", "m-4", "m-5", "m-6");
  }
}
