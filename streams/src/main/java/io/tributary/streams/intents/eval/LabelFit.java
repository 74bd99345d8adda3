package io.tributary.streams.intents.eval;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.streams.intents.LabelPolicy;
import io.tributary.streams.intents.LabelSnapshots;
import io.tributary.streams.intents.LabelSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits the label settings of {@code route-eval --learn} on a tune split: every k and vote weight of
 * a small grid, one threshold for all agents refitted for each, the best tune accuracy wins (ties:
 * the smaller k, then the smaller weight). One threshold, not one per agent: vote shares are on the
 * same scale for every agent, and per-agent thresholds fitted on a few tune utterances per agent
 * generalised worse on both public sets (docs/quality.md).
 */
public final class LabelFit {

  /** k values tried. */
  static final List<Integer> NEIGHBOURS = List.of(1, 3, 5, 10, 20, 40);

  /** Vote weights tried. */
  static final List<Double> WEIGHTS = List.of(0.25, 0.5, 0.75, 1.0);

  private LabelFit() {}

  /** A labelled file as one snapshot of the default tenant, every line kept. */
  public static Labels labels(List<LabelledUtterance> rows) {
    List<IntentLabel> labels = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      LabelledUtterance row = rows.get(i);
      labels.add(new IntentLabel(AgentMessage.DEFAULT_TENANT, "line-" + (i + 1), row.text(), row.agent(),
          IntentLabel.IMPORT, Instant.EPOCH));
    }
    LabelSnapshots.Built built = LabelSnapshots.build(labels, new LabelPolicy(10_000, Duration.ZERO), Instant.EPOCH);
    Map<String, LabelSnapshot> parts = new HashMap<>();
    built.parts().forEach(part -> parts.put(LabelSnapshot.key(part.snapshot(), part.tenant()), part));
    return new Labels(built.id(), LabelSource.of(parts), built.parts().stream().mapToInt(p -> p.examples().size()).sum());
  }

  /** Labels ready for the classifier: the snapshot id a catalogue names, and where its part is. */
  public record Labels(String snapshot, LabelSource source, int size) {}

  /** The best settings on {@code tuneRows}, with their per-agent thresholds and tune accuracy. */
  public static Fitted fit(RouteEvaluator evaluator, List<LabelledUtterance> tuneRows, List<float[]> tuneVectors,
      AgentCatalogue catalogue, Labels labels) {
    Fitted best = null;
    List<Fitted> tried = new ArrayList<>();
    for (int k : NEIGHBOURS) {
      for (double weight : WEIGHTS) {
        LabelSettings untuned = new LabelSettings(labels.snapshot(), k, weight, catalogue.minConfidence(), Map.of());
        List<ScoredUtterance> scored =
            evaluator.evaluate(tuneRows, tuneVectors, catalogue.withLabels(untuned), labels.source());
        LabelSettings settings =
            new LabelSettings(labels.snapshot(), k, weight, ThresholdFit.fitGlobal(scored), Map.of());
        double accuracy = EvaluationReport.of(
            evaluator.evaluate(tuneRows, tuneVectors, catalogue.withLabels(settings), labels.source())).accuracy();
        Fitted fitted = new Fitted(settings, accuracy, List.of());
        tried.add(fitted);
        if (best == null || accuracy > best.tuneAccuracy()) {
          best = fitted;
        }
      }
    }
    return new Fitted(best.settings(), best.tuneAccuracy(), tried);
  }

  /**
   * Fitted settings.
   *
   * @param tried every grid point with its tune accuracy (empty on the points themselves)
   */
  public record Fitted(LabelSettings settings, double tuneAccuracy, List<Fitted> tried) {}
}
