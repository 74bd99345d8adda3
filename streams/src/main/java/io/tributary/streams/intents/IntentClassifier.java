package io.tributary.streams.intents;

import io.tributary.schemas.agents.AgentCatalogue;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores one message against every agent of a catalogue. Thread-safe. A {@link RuntimeException}
 * is an infrastructure failure (model, remote service), never a verdict on the message.
 */
public interface IntentClassifier {

  /** The scores of {@code text} for every agent of {@code catalogue}, best first. */
  Classification classify(String text, AgentCatalogue catalogue);

  /**
   * The scores of each of {@code texts}, in order. Classifiers that can score several texts in one
   * model call (the router hands over a whole batch) override this; the default asks one by one.
   */
  default List<Classification> classifyAll(List<String> texts, AgentCatalogue catalogue) {
    List<Classification> scores = new ArrayList<>(texts.size());
    for (String text : texts) {
      scores.add(classify(text, catalogue));
    }
    return scores;
  }

  /**
   * The scores of each of {@code texts}, all sent by {@code tenant}, with that tenant's labels from
   * {@code labels} when the catalogue routes with labels. Classifiers that take no labels (the LLM
   * classifier) score on the catalogue alone.
   */
  default List<Classification> classifyAll(List<String> texts, AgentCatalogue catalogue, String tenant,
      LabelSource labels) {
    return classifyAll(texts, catalogue);
  }

  /**
   * Whether {@code tenant}'s messages can be scored now without a long preparation (embedding a
   * large label part). When not, the preparation starts in the background and the caller holds
   * the messages and asks again later, so that no Kafka transaction stays open while it runs.
   */
  default boolean ready(AgentCatalogue catalogue, String tenant, LabelSource labels) {
    return true;
  }
}
