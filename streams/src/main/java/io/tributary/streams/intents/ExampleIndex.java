package io.tributary.streams.intents;

import io.tributary.schemas.agents.LabelledExample;
import io.tributary.schemas.agents.RoutingDecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tenant's labelled examples, embedded once, with the catalogue's own examples: the
 * neighbours a message's vote is taken from (ADR 0029). Immutable, so threads share it.
 */
final class ExampleIndex {

  /** Stateless; chosen once per JVM. */
  private static final DotProduct DOT = DotProduct.fastest();

  /** Every example's vector, one after the other: a scan reads memory in order. */
  private final float[] vectors;
  private final int dimensions;
  private final String[] agents;
  private final int labels;

  private ExampleIndex(float[] vectors, int dimensions, String[] agents, int labels) {
    this.vectors = vectors;
    this.dimensions = dimensions;
    this.agents = agents;
    this.labels = labels;
  }

  /**
   * The catalogue's examples plus {@code labels} (vectors in the same order). A label naming an
   * agent the catalogue does not have, nor {@code default}, is left out: it cannot be routed to.
   */
  static ExampleIndex of(CatalogueIndex catalogue, List<LabelledExample> labels, List<float[]> labelVectors) {
    Set<String> known = catalogue.agentNames();
    List<float[]> vectors = new ArrayList<>();
    List<String> agents = new ArrayList<>();
    catalogue.examples().forEach((agent, examples) -> examples.forEach(v -> {
      vectors.add(v);
      agents.add(agent);
    }));
    int kept = 0;
    for (int i = 0; i < labels.size(); i++) {
      String agent = labels.get(i).agent();
      if (known.contains(agent) || RoutingDecision.DEFAULT_AGENT.equals(agent)) {
        vectors.add(labelVectors.get(i));
        agents.add(agent);
        kept++;
      }
    }
    int dimensions = vectors.isEmpty() ? 0 : vectors.getFirst().length;
    float[] flat = new float[vectors.size() * dimensions];
    for (int i = 0; i < vectors.size(); i++) {
      System.arraycopy(vectors.get(i), 0, flat, i * dimensions, dimensions);
    }
    return new ExampleIndex(flat, dimensions, agents.toArray(String[]::new), kept);
  }

  /** Examples in the index. */
  int size() {
    return agents.length;
  }

  /** The tenant's labels in the index. */
  int labels() {
    return labels;
  }

  /**
   * Each agent's share of the vote of the {@code k} examples nearest to {@code message}, weighted
   * by their (non-negative) similarity; {@code default} takes part like any agent, so its examples
   * lower the others' shares. Empty when the index is.
   */
  Map<String, Double> vote(float[] message, int k) {
    int n = Math.min(k, agents.length);
    int[] nearest = new int[n];
    double[] similarity = new double[n];
    int filled = 0;
    for (int i = 0; i < agents.length; i++) {
      double s = dot(message, vectors, i * dimensions);
      if (filled < n) {
        insert(nearest, similarity, filled++, i, s);
      } else if (s > similarity[n - 1]) {
        insert(nearest, similarity, n - 1, i, s);
      }
    }
    Map<String, Double> shares = new HashMap<>();
    double total = 0;
    for (int j = 0; j < filled; j++) {
      double weight = Math.max(0, similarity[j]);
      shares.merge(agents[nearest[j]], weight, Double::sum);
      total += weight;
    }
    if (total > 0) {
      double sum = total;
      shares.replaceAll((agent, weight) -> weight / sum);
    }
    return shares;
  }

  /** {@code message · vectors[offset, offset + message.length)}, as fast as this JVM allows. */
  static double dot(float[] message, float[] vectors, int offset) {
    return DOT.dot(message, vectors, offset);
  }

  /** Puts example {@code index} at {@code slot} or above, keeping {@code similarity} descending. */
  private static void insert(int[] nearest, double[] similarity, int slot, int index, double s) {
    int at = slot;
    while (at > 0 && similarity[at - 1] < s) {
      nearest[at] = nearest[at - 1];
      similarity[at] = similarity[at - 1];
      at--;
    }
    nearest[at] = index;
    similarity[at] = s;
  }
}
