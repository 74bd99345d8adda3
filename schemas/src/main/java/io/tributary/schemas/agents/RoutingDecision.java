package io.tributary.schemas.agents;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Where one message went and why, as written to {@code agents.routed.v1}; key = conversation id.
 *
 * @param confidence score of the chosen agent for this message, in [-1, 1] (cosine based)
 * @param runnerUp second-best agent, empty when the catalogue has fewer than two agents
 * @param margin confidence of the best-scoring agent minus the runner-up's
 * @param topic the topic the message was routed to
 * @param catalogueVersion id of the catalogue version that decided
 * @param model id of the embedding model (or classifier) that scored the message
 * @param preview the first {@value #PREVIEW_CHARS} characters of the message, never more
 * @param labelSnapshot the label snapshot whose examples took part (ADR 0029); empty when none did
 * @param labelExamples size of the example index that voted (catalogue examples plus the tenant's
 *     labels); 0 when no labels took part
 */
public record RoutingDecision(
    String messageId,
    String conversationId,
    String tenant,
    String user,
    String agent,
    double confidence,
    String runnerUp,
    double runnerUpConfidence,
    double margin,
    RouteReason reason,
    String topic,
    String catalogueVersion,
    String model,
    String preview,
    Instant sentAt,
    Instant routedAt,
    String labelSnapshot,
    int labelExamples) {

  /** Longest message preview a decision (and so the read model) carries. */
  public static final int PREVIEW_CHARS = 100;

  /** The agent that takes every message no configured agent is confident about. */
  public static final String DEFAULT_AGENT = "default";

  public RoutingDecision {
    requireNonNull(messageId, "messageId");
    requireNonNull(conversationId, "conversationId");
    requireNonNull(tenant, "tenant");
    requireNonNull(agent, "agent");
    requireNonNull(reason, "reason");
    requireNonNull(topic, "topic");
    requireNonNull(catalogueVersion, "catalogueVersion");
    requireNonNull(model, "model");
    user = user == null ? "" : user;
    runnerUp = runnerUp == null ? "" : runnerUp;
    preview = preview(preview);
    labelSnapshot = labelSnapshot == null ? "" : labelSnapshot;
  }

  /** At most {@value #PREVIEW_CHARS} characters of {@code text}, never splitting a surrogate pair. */
  public static String preview(String text) {
    if (text == null) {
      return "";
    }
    if (text.length() <= PREVIEW_CHARS) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(PREVIEW_CHARS - 1)) ? PREVIEW_CHARS - 1 : PREVIEW_CHARS;
    return text.substring(0, end);
  }
}
