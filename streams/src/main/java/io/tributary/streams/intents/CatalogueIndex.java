package io.tributary.streams.intents;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.embedding.Embedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One catalogue version with every example and description embedded once: scoring a message is
 * then dot products only. An agent's score is {@code w · max(example similarities) + (1 − w) ·
 * description similarity} with {@code w} the catalogue's example weight; an agent without examples
 * scores on its description alone and one without a description on its examples alone.
 */
final class CatalogueIndex {

  private final String version;
  private final double exampleWeight;
  private final List<AgentVectors> agents;

  private CatalogueIndex(String version, double exampleWeight, List<AgentVectors> agents) {
    this.version = version;
    this.exampleWeight = exampleWeight;
    this.agents = agents;
  }

  /** Embeds every text of {@code catalogue} in one batch. */
  static CatalogueIndex build(AgentCatalogue catalogue, Embedder embedder) {
    List<String> texts = new ArrayList<>();
    for (AgentDefinition agent : catalogue.agents()) {
      if (!agent.description().isBlank()) {
        texts.add(agent.description());
      }
      texts.addAll(agent.examples());
    }
    List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embed(texts);
    List<AgentVectors> agents = new ArrayList<>();
    int next = 0;
    for (AgentDefinition agent : catalogue.agents()) {
      float[] description = agent.description().isBlank() ? null : vectors.get(next++);
      List<float[]> examples = vectors.subList(next, next + agent.examples().size());
      next += agent.examples().size();
      agents.add(new AgentVectors(agent.name(), description, List.copyOf(examples)));
    }
    return new CatalogueIndex(catalogue.version(), catalogue.exampleWeight(), List.copyOf(agents));
  }

  String version() {
    return version;
  }

  /** The agents' names. */
  Set<String> agentNames() {
    Set<String> names = new LinkedHashSet<>();
    agents.forEach(agent -> names.add(agent.name()));
    return names;
  }

  /** Each agent's example vectors, in catalogue order. */
  Map<String, List<float[]>> examples() {
    Map<String, List<float[]>> examples = new LinkedHashMap<>();
    agents.forEach(agent -> examples.put(agent.name(), agent.examples()));
    return examples;
  }

  /** Every agent's score for {@code message} (an L2-normalised vector), best first; ties by name. */
  List<AgentScore> score(float[] message) {
    List<AgentScore> scores = new ArrayList<>(agents.size());
    for (AgentVectors agent : agents) {
      scores.add(new AgentScore(agent.name(), agent.score(message, exampleWeight)));
    }
    scores.sort(Comparator.comparingDouble(AgentScore::score).reversed().thenComparing(AgentScore::agent));
    return scores;
  }

  private record AgentVectors(String name, float[] description, List<float[]> examples) {

    double score(float[] message, double exampleWeight) {
      double best = Double.NEGATIVE_INFINITY;
      for (float[] example : examples) {
        best = Math.max(best, dot(message, example));
      }
      if (description == null) {
        return best;
      }
      double described = dot(message, description);
      return examples.isEmpty() ? described : exampleWeight * best + (1 - exampleWeight) * described;
    }
  }

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
