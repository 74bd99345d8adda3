package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

/** How well one message fits one agent: a blended cosine similarity in [-1, 1]. */
public record AgentScore(String agent, double score) {

  public AgentScore {
    requireNonNull(agent, "agent");
  }
}
