package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.RouteReason;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.topics.Topics;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns scores into a decision: the best agent when it clears its threshold (its own
 * {@code min_confidence}, else the catalogue's; for scores with a label vote, those of the label
 * settings), the previous agent for a follow-up, otherwise
 * {@code default}. Pure: the topology, route-eval and route-shadow all decide through it.
 */
public final class IntentDecider {

  private final FollowUpRule followUps;

  public IntentDecider(FollowUpRule followUps) {
    this.followUps = requireNonNull(followUps, "followUps");
  }

  /**
   * The decision for {@code message}. For a message sent to {@code default} the confidence and
   * the runner-up describe the best agent that missed its threshold.
   *
   * @param conversation what is known of the conversation, or {@code null} (no context)
   * @param at the message's time, for the follow-up window
   */
  public RoutingDecision decide(String conversationId, AgentMessage message, Classification scores,
      AgentCatalogue catalogue, Conversation conversation, Instant at, Instant routedAt) {
    Optional<AgentScore> best = scores.best();
    if (best.isEmpty()) {
      return decision(conversationId, message, RoutingDecision.DEFAULT_AGENT, 0, "", 0, 0, RouteReason.NO_CATALOGUE,
          Topics.AGENTS_DEFAULT_REQUESTS.name(), catalogue, scores, at, routedAt);
    }
    AgentScore top = best.get();
    AgentDefinition topAgent = catalogue.agent(top.agent()).orElseThrow(
        () -> new IllegalStateException("scores name agent '" + top.agent() + "' missing from the catalogue"));
    // Scores that took a label vote are on another scale: their thresholds come with the label settings.
    double threshold = scores.labelUse().map(use -> use.settings().threshold(topAgent.name()))
        .orElse(catalogue.threshold(topAgent));
    Optional<String> previous = followUps.previousAgent(message.text(), scores, threshold, conversation, at);
    if (previous.isPresent() && !previous.get().equals(top.agent())) {
      AgentDefinition agent = catalogue.agent(previous.get()).orElseThrow();
      return decision(conversationId, message, agent.name(), scores.scoreOf(agent.name()).orElseThrow(),
          top.agent(), top.score(), scores.margin(), RouteReason.FOLLOW_UP, agent.topic(), catalogue, scores, at,
          routedAt);
    }
    String runnerUp = scores.runnerUp().map(AgentScore::agent).orElse("");
    double runnerUpScore = scores.runnerUp().map(AgentScore::score).orElse(0.0);
    if (top.score() >= threshold || previous.isPresent()) {
      return decision(conversationId, message, top.agent(), top.score(), runnerUp, runnerUpScore, scores.margin(),
          previous.isPresent() ? RouteReason.FOLLOW_UP : matched(scores), topAgent.topic(), catalogue, scores,
          at, routedAt);
    }
    return decision(conversationId, message, RoutingDecision.DEFAULT_AGENT, top.score(), top.agent(), top.score(),
        scores.margin(), RouteReason.BELOW_THRESHOLD, Topics.AGENTS_DEFAULT_REQUESTS.name(), catalogue, scores, at,
        routedAt);
  }

  private static RouteReason matched(Classification scores) {
    return scores.model().startsWith(LlmClassifier.MODEL_PREFIX) ? RouteReason.LLM : RouteReason.MATCHED;
  }

  /** The rule this decider keeps follow-ups with. */
  public FollowUpRule followUps() {
    return followUps;
  }

  private static RoutingDecision decision(String conversationId, AgentMessage message, String agent,
      double confidence, String runnerUp, double runnerUpConfidence, double margin, RouteReason reason, String topic,
      AgentCatalogue catalogue, Classification scores, Instant at, Instant routedAt) {
    return new RoutingDecision(message.id(), conversationId, message.tenant(), message.user(), agent,
        round(confidence), runnerUp, round(runnerUpConfidence), round(margin), reason, topic, catalogue.version(),
        scores.model(), RoutingDecision.preview(message.text()), at, routedAt,
        scores.labelUse().map(LabelUse::snapshot).orElse(""), scores.labelUse().map(LabelUse::examples).orElse(0));
  }

  /** Six decimals: enough for thresholds, and stable across JSON round trips. */
  static double round(double value) {
    return Math.round(value * 1e6) / 1e6;
  }
}
