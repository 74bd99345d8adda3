package io.tributary.schemas.agents;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One version of the agent catalogue, as published to the compacted {@code agents.catalogue.v1}.
 *
 * @param version content id: the first 12 hex digits of SHA-256 over the scoring-relevant fields,
 *     so the same catalogue always has the same id and any change gets a new one
 * @param minConfidence the global threshold, used for agents without their own
 * @param exampleWeight weight of the best example similarity in an agent's score; the
 *     description similarity gets the rest (see docs/adr/0008-intent-scoring-and-follow-ups.md)
 * @param labels how labelled examples take part in routing; {@code null} routes on the catalogue alone
 * @param scoring how agents are scored; {@code null} (a catalogue published before it existed) is
 *     {@link AgentScoring#SIMILARITY}
 */
public record AgentCatalogue(
    String version, double minConfidence, double exampleWeight, List<AgentDefinition> agents, Instant publishedAt,
    LabelSettings labels, AgentScoring scoring) {

  /** The global threshold when a catalogue names none. */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.3;

  /** The example weight when a catalogue names none; measured on the tune set (docs/routing.md). */
  public static final double DEFAULT_EXAMPLE_WEIGHT = 0.5;

  /**
   * Largest classifier catalogue: training vectors (examples and descriptions) times agents. Its
   * training takes about 8 s on two cores (docs/routing.md), and every router instance trains its
   * own when the catalogue version first routes a message.
   */
  public static final long MAX_CLASSIFIER_SIZE = 500_000;

  /** The catalogue the router uses before any was published: everything goes to {@code default}. */
  public static final AgentCatalogue EMPTY = of(DEFAULT_MIN_CONFIDENCE, DEFAULT_EXAMPLE_WEIGHT, List.of(), null, null);

  public AgentCatalogue {
    requireNonNull(version, "version");
    agents = agents == null ? List.of() : List.copyOf(agents);
    scoring = scoring == null ? AgentScoring.SIMILARITY : scoring;
    if (scoring == AgentScoring.CLASSIFIER && agents.size() < 2) {
      throw new IllegalArgumentException("scoring 'classifier' needs at least two agents, the catalogue has "
          + agents.size() + "; use 'similarity'");
    }
    if (scoring == AgentScoring.CLASSIFIER && classifierSize(agents) > MAX_CLASSIFIER_SIZE) {
      throw new IllegalArgumentException("scoring 'classifier' trains on examples and descriptions times agents, at "
          + "most " + MAX_CLASSIFIER_SIZE + "; this catalogue has " + classifierSize(agents)
          + ": use fewer examples per agent, or 'similarity'");
    }
    if (minConfidence < -1 || minConfidence > 1) {
      throw new IllegalArgumentException("min_confidence must be in [-1, 1], was " + minConfidence);
    }
    if (exampleWeight < 0 || exampleWeight > 1) {
      throw new IllegalArgumentException("example_weight must be in [0, 1], was " + exampleWeight);
    }
    Set<String> names = new HashSet<>();
    for (AgentDefinition agent : agents) {
      if (!names.add(agent.name())) {
        throw new IllegalArgumentException("agent '" + agent.name() + "' is defined twice");
      }
    }
  }

  /** A catalogue with its version computed from its content. */
  public static AgentCatalogue of(
      double minConfidence, double exampleWeight, List<AgentDefinition> agents, Instant publishedAt) {
    return of(minConfidence, exampleWeight, agents, publishedAt, null);
  }

  /** A catalogue routing with labelled examples as {@code labels} says ({@code null}: catalogue alone). */
  public static AgentCatalogue of(double minConfidence, double exampleWeight, List<AgentDefinition> agents,
      Instant publishedAt, LabelSettings labels) {
    return of(minConfidence, exampleWeight, agents, publishedAt, labels, AgentScoring.SIMILARITY);
  }

  /** A catalogue scoring agents by {@code scoring}. */
  public static AgentCatalogue of(double minConfidence, double exampleWeight, List<AgentDefinition> agents,
      Instant publishedAt, LabelSettings labels, AgentScoring scoring) {
    List<AgentDefinition> list = agents == null ? List.of() : List.copyOf(agents);
    return new AgentCatalogue(versionOf(minConfidence, exampleWeight, list, labels, scoring), minConfidence,
        exampleWeight, list, publishedAt, labels, scoring);
  }

  /** Whether {@code agents} may be scored by {@link AgentScoring#CLASSIFIER}. */
  public static boolean classifierFits(List<AgentDefinition> agents) {
    return agents.size() >= 2 && classifierSize(agents) <= MAX_CLASSIFIER_SIZE;
  }

  /** Training vectors (each agent's examples, and its description when it has one) times agents. */
  public static long classifierSize(List<AgentDefinition> agents) {
    long vectors = agents.stream().mapToLong(a -> a.examples().size() + (a.description().isBlank() ? 0 : 1)).sum();
    return vectors * agents.size();
  }

  /** The label settings, if this catalogue routes with labelled examples. */
  public Optional<LabelSettings> labelSettings() {
    return Optional.ofNullable(labels);
  }

  /** A copy routing with {@code settings} ({@code null}: on the catalogue alone); a new version. */
  public AgentCatalogue withLabels(LabelSettings settings) {
    return of(minConfidence, exampleWeight, agents, publishedAt, settings, scoring);
  }

  /** The agent called {@code name}. */
  public Optional<AgentDefinition> agent(String name) {
    return agents.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** The threshold that applies to {@code agent}: its own when set, the catalogue's otherwise. */
  public double threshold(AgentDefinition agent) {
    return agent.minConfidence() != null ? agent.minConfidence() : minConfidence;
  }

  /** A copy with other per-agent thresholds (a name missing from {@code thresholds} keeps its own). */
  public AgentCatalogue withThresholds(Map<String, Double> thresholds) {
    List<AgentDefinition> tuned = agents.stream()
        .map(a -> new AgentDefinition(a.name(), a.description(), a.examples(), a.topic(),
            thresholds.getOrDefault(a.name(), a.minConfidence())))
        .toList();
    return of(minConfidence, exampleWeight, tuned, publishedAt, labels, scoring);
  }

  /** A copy with another example weight. */
  public AgentCatalogue withExampleWeight(double weight) {
    return of(minConfidence, weight, agents, publishedAt, labels, scoring);
  }

  /** The same catalogue (same version) as published at {@code at}. */
  public AgentCatalogue withPublishedAt(Instant at) {
    return new AgentCatalogue(version, minConfidence, exampleWeight, agents, at, labels, scoring);
  }

  /** A copy scoring agents by {@code other}; a new version. */
  public AgentCatalogue withScoring(AgentScoring other) {
    return of(minConfidence, exampleWeight, agents, publishedAt, labels, other);
  }

  private static String versionOf(double minConfidence, double exampleWeight, List<AgentDefinition> agents,
      LabelSettings labels, AgentScoring scoring) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("min_confidence", minConfidence);
    content.put("example_weight", exampleWeight);
    content.put("agents", agents);
    if (labels != null) {
      // Absent when unset, so a catalogue without labels keeps the version it always had.
      content.put("labels", labels);
    }
    if (scoring != null && scoring != AgentScoring.SIMILARITY) {
      content.put("scoring", scoring);
    }
    try {
      byte[] canonical = Json.mapper().writeValueAsString(content).getBytes(StandardCharsets.UTF_8);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the catalogue", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
