package io.tributary.schemas.agents;

import static java.util.Objects.requireNonNull;

/**
 * A message handed to an agent on {@code agents.<agent>.requests.v1}: the message as the user
 * sent it, with the decision that routed it there. Key = conversation id.
 */
public record AgentRequest(String conversationId, AgentMessage message, RoutingDecision decision) {

  public AgentRequest {
    requireNonNull(conversationId, "conversationId");
    requireNonNull(message, "message");
    requireNonNull(decision, "decision");
  }
}
