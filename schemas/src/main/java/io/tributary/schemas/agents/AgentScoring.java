package io.tributary.schemas.agents;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a catalogue turns a message's embedding into agent scores (see docs/routing.md). */
public enum AgentScoring {

  /**
   * {@code w · max(example similarities) + (1 − w) · description similarity}: a cosine scale, on
   * which thresholds mean the same whatever the other agents are (ADR 0008).
   */
  SIMILARITY,

  /**
   * The probability of each agent under a softmax classifier trained on the catalogue's examples
   * and descriptions (ADR 0033): scores sum to 1 over the agents, so a message near two agents
   * scores low on both. Needs at least two agents.
   */
  CLASSIFIER;

  /** The name in catalogue files and on the catalogue topic. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scoring called {@code id} ({@code similarity} or {@code classifier}). */
  @JsonCreator
  public static AgentScoring of(String id) {
    return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("scoring must be one of " + names() + ", was '" + id + "'"));
  }

  /** Every id, for help and errors. */
  public static String names() {
    return Arrays.stream(values()).map(AgentScoring::id).collect(Collectors.joining(", "));
  }
}
