package io.tributary.streams.intents;

import io.tributary.schemas.agents.AgentRequest;
import io.tributary.schemas.agents.RoutingDecision;

/** What the router makes of one message record; each kind goes to its own topics. */
sealed interface RouteOutcome {

  /** A routed message: the decision for {@code agents.routed.v1}, the request for the agent's topic. */
  record Routed(RoutingDecision decision, AgentRequest request) implements RouteOutcome {}

  /** The original record, unchanged, for the dead-letter topic. */
  record DeadLetter(byte[] key, byte[] value) implements RouteOutcome {}
}
