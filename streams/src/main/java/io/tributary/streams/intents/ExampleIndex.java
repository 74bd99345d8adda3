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

  /**
   * {@code message · vectors[offset, offset + message.length)}. Eight independent sums let the CPU
   * overlap the multiplications (one running sum waits on each addition); the scan over every
   * label is most of what the vote costs a message.
   */
  static double dot(float[] message, float[] vectors, int offset) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int i = 0;
    int end = message.length - message.length % 8;
    for (; i < end; i += 8) {
      int j = offset + i;
      s0 += message[i] * vectors[j];
      s1 += message[i + 1] * vectors[j + 1];
      s2 += message[i + 2] * vectors[j + 2];
      s3 += message[i + 3] * vectors[j + 3];
      s4 += message[i + 4] * vectors[j + 4];
      s5 += message[i + 5] * vectors[j + 5];
      s6 += message[i + 6] * vectors[j + 6];
      s7 += message[i + 7] * vectors[j + 7];
    }
    for (; i < message.length; i++) {
      s0 += message[i] * vectors[offset + i];
    }
    return (s0 + s1) + (s2 + s3) + ((s4 + s5) + (s6 + s7));
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
