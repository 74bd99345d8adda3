package io.tributary.schemas.agents;

/** Why the router picked the agent it picked. */
public enum RouteReason {
  /** The best-scoring agent cleared its threshold. */
  MATCHED,
  /** A short, ambiguous message stayed with the conversation's previous agent. */
  FOLLOW_UP,
  /** No agent cleared its threshold: the message went to {@code default}. */
  BELOW_THRESHOLD,
  /** The catalogue has no agents (or none was published yet): the message went to {@code default}. */
  NO_CATALOGUE,
  /** An LLM classifier chose the agent. */
  LLM
}
