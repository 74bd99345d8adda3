package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Every agent's score for one message, best first, and the model that produced them.
 *
 * @param ranked one score per catalogue agent, highest first; empty for an empty catalogue
 * @param labels the labelled example index that voted, or {@code null} when the catalogue scored alone
 */
public record Classification(List<AgentScore> ranked, String model, LabelUse labels) {

  public Classification {
    ranked = List.copyOf(requireNonNull(ranked, "ranked"));
    requireNonNull(model, "model");
  }

  /** Scores from the catalogue alone. */
  public Classification(List<AgentScore> ranked, String model) {
    this(ranked, model, null);
  }

  /** The labelled example index that voted, if one did. */
  public Optional<LabelUse> labelUse() {
    return Optional.ofNullable(labels);
  }

  /** The best-scoring agent. */
  public Optional<AgentScore> best() {
    return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.getFirst());
  }

  /** The second-best agent. */
  public Optional<AgentScore> runnerUp() {
    return ranked.size() < 2 ? Optional.empty() : Optional.of(ranked.get(1));
  }

  /** Best score minus the runner-up's; the best score itself when there is no runner-up. */
  public double margin() {
    return best().map(b -> b.score() - runnerUp().map(AgentScore::score).orElse(0.0)).orElse(0.0);
  }

  /** The score of {@code agent}, if the catalogue has it. */
  public Optional<Double> scoreOf(String agent) {
    return ranked.stream().filter(s -> s.agent().equals(agent)).map(AgentScore::score).findFirst();
  }
}
