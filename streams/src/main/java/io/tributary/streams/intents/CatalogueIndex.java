package io.tributary.streams.intents;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.AgentScoring;
import io.tributary.embedding.Embedder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One catalogue version with every example and description embedded once: scoring a message is
 * then dot products only. With {@link AgentScoring#SIMILARITY} an agent's score is {@code w ·
 * max(example similarities) + (1 − w) · description similarity} with {@code w} the catalogue's
 * example weight; an agent without examples scores on its description alone and one without a
 * description on its examples alone. With {@link AgentScoring#CLASSIFIER} it is the agent's
 * probability under a {@link CatalogueClassifier} trained on those same vectors.
 */
final class CatalogueIndex {

  private final String version;
  private final double exampleWeight;
  private final List<AgentVectors> agents;
  /** Null under similarity scoring. */
  private final CatalogueClassifier classifier;

  private CatalogueIndex(String version, double exampleWeight, List<AgentVectors> agents,
      CatalogueClassifier classifier) {
    this.version = version;
    this.exampleWeight = exampleWeight;
    this.agents = agents;
    this.classifier = classifier;
  }

  /** Embeds every text of {@code catalogue} in one batch (and trains its classifier, if it scores with one). */
  static CatalogueIndex build(AgentCatalogue catalogue, Embedder embedder) {
    return build(catalogue, embedder, CatalogueIndex::train);
  }

  /**
   * As {@link #build(AgentCatalogue, Embedder)}, taking the classifier from {@code classifiers}:
   * catalogue versions that differ only in thresholds or labels share one.
   */
  static CatalogueIndex build(AgentCatalogue catalogue, Embedder embedder,
      Function<List<AgentVectors>, CatalogueClassifier> classifiers) {
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
    List<AgentVectors> all = List.copyOf(agents);
    CatalogueClassifier classifier = catalogue.scoring() == AgentScoring.CLASSIFIER ? classifiers.apply(all) : null;
    return new CatalogueIndex(catalogue.version(), catalogue.exampleWeight(), all, classifier);
  }

  /** The texts {@link #build} embeds for {@code catalogue}: descriptions and examples. */
  static long texts(AgentCatalogue catalogue) {
    return catalogue.agents().stream()
        .mapToLong(agent -> agent.examples().size() + (agent.description().isBlank() ? 0 : 1)).sum();
  }

  /**
   * What a classifier of {@code catalogue} is trained on (each agent's name, description and
   * examples) as a SHA-256 digest: equal for versions that differ only in thresholds, topics,
   * labels or weights.
   */
  static String trainingKey(AgentCatalogue catalogue) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (AgentDefinition agent : catalogue.agents()) {
        digest.update(field(agent.name()));
        digest.update(field(agent.description()));
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(agent.examples().size()).array());
        for (String example : agent.examples()) {
          digest.update(field(example));
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }

  /** The text's length, then its bytes: no two lists of texts give the same stream. */
  private static byte[] field(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes).array();
  }

  /** A classifier trained on every agent's examples and description, one vector each. */
  static CatalogueClassifier train(List<AgentVectors> agents) {
    List<float[]> vectors = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int a = 0; a < agents.size(); a++) {
      AgentVectors agent = agents.get(a);
      if (agent.description() != null) {
        vectors.add(agent.description());
        owners.add(a);
      }
      for (float[] example : agent.examples()) {
        vectors.add(example);
        owners.add(a);
      }
    }
    return CatalogueClassifier.train(vectors, owners.stream().mapToInt(Integer::intValue).toArray(), agents.size());
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
    double[] probabilities = classifier == null ? null : classifier.probabilities(message);
    for (int a = 0; a < agents.size(); a++) {
      AgentVectors agent = agents.get(a);
      scores.add(new AgentScore(agent.name(),
          probabilities == null ? agent.score(message, exampleWeight) : probabilities[a]));
    }
    scores.sort(Comparator.comparingDouble(AgentScore::score).reversed().thenComparing(AgentScore::agent));
    return scores;
  }

  /** One agent's embedded description ({@code null} without one) and examples. */
  record AgentVectors(String name, float[] description, List<float[]> examples) {

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
