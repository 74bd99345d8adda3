package io.tributary.schemas.agents;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One labelled utterance of a {@link LabelSnapshot}: a text and the agent (or {@code default}) it belongs to. */
public record LabelledExample(String text, String agent, Instant labelledAt) {

  public LabelledExample {
    requireNonNull(text, "text");
    requireNonNull(agent, "agent");
  }
}
