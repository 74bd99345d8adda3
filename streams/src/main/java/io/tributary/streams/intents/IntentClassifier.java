package io.tributary.streams.intents;

import io.tributary.schemas.agents.AgentCatalogue;

/**
 * Scores one message against every agent of a catalogue. Thread-safe. A {@link RuntimeException}
 * is an infrastructure failure (model, remote service), never a verdict on the message.
 */
public interface IntentClassifier {

  /** The scores of {@code text} for every agent of {@code catalogue}, best first. */
  Classification classify(String text, AgentCatalogue catalogue);
}
