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
 * Fits the label settings of {@code route-eval --learn} on a tune split and on cross-validation
 * folds of the labels: every k and vote weight of a small grid, one threshold for all agents
 * refitted for each, the best tune accuracy wins (ties: the smaller k, then the smaller weight). One threshold, not one per agent: vote shares are on the
 * same scale for every agent, and per-agent thresholds fitted on a few tune utterances per agent
 * generalised worse on both public sets (docs/quality.md).
 */
public final class LabelFit {

  /** k values tried. */
  static final List<Integer> NEIGHBOURS = List.of(1, 3, 5, 10, 20, 40);

  /** Vote weights tried. */
  static final List<Double> WEIGHTS = List.of(0.25, 0.5, 0.75, 1.0);

  /** Cross-validation folds over the labels. */
  static final int FOLDS = 5;

  /** Held-out labels routed per setting, at most: enough to rank the settings, few enough to try them all quickly. */
  static final int MOST_HELD_OUT = 2_000;

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

  /**
   * The best settings on {@code tuneRows} (routed with all the labels) together with held-out
   * labels: the labels are cut into {@link #FOLDS} folds, and up to {@link #MOST_HELD_OUT} of them
   * are routed with the labels of the other folds. A tune file of a few utterances per agent is too
   * small to choose among 24 settings and a threshold; the labelled traffic itself is not.
   */
  public static Fitted fit(RouteEvaluator evaluator, List<LabelledUtterance> tuneRows, List<float[]> tuneVectors,
      AgentCatalogue catalogue, List<LabelledUtterance> labelRows) {
    Labels all = labels(labelRows);
    List<HeldOut> folds = folds(evaluator, labelRows);
    Fitted best = null;
    List<Fitted> tried = new ArrayList<>();
    for (int k : NEIGHBOURS) {
      for (double weight : WEIGHTS) {
        LabelSettings untuned = new LabelSettings(all.snapshot(), k, weight, catalogue.minConfidence(), Map.of());
        List<ScoredUtterance> scored = new ArrayList<>(
            evaluator.evaluate(tuneRows, tuneVectors, catalogue.withLabels(untuned), all.source()));
        for (HeldOut fold : folds) {
          LabelSettings foldSettings = new LabelSettings(fold.labels().snapshot(), k, weight, catalogue.minConfidence(),
              Map.of());
          scored.addAll(evaluator.evaluate(fold.rows(), fold.vectors(), catalogue.withLabels(foldSettings),
              fold.labels().source()));
        }
        double threshold = ThresholdFit.fitGlobal(scored);
        LabelSettings settings = new LabelSettings(all.snapshot(), k, weight, threshold, Map.of());
        Fitted fitted = new Fitted(settings, ThresholdFit.accuracyAt(scored, threshold), scored.size(), List.of());
        tried.add(fitted);
        if (best == null || fitted.tuneAccuracy() > best.tuneAccuracy()) {
          best = fitted;
        }
      }
    }
    return new Fitted(best.settings(), best.tuneAccuracy(), best.tuneSize(), tried);
  }

  /** The folds' held-out rows (every {@code stride}-th label, so each agent keeps its share) and the rest's labels. */
  private static List<HeldOut> folds(RouteEvaluator evaluator, List<LabelledUtterance> labelRows) {
    if (labelRows.size() < FOLDS) {
      return List.of();
    }
    int stride = Math.max(1, (labelRows.size() + MOST_HELD_OUT - 1) / MOST_HELD_OUT);
    List<HeldOut> folds = new ArrayList<>(FOLDS);
    for (int fold = 0; fold < FOLDS; fold++) {
      List<LabelledUtterance> held = new ArrayList<>();
      List<LabelledUtterance> rest = new ArrayList<>();
      for (int i = 0; i < labelRows.size(); i++) {
        if (i % FOLDS != fold) {
          rest.add(labelRows.get(i));
        } else if ((i / FOLDS) % stride == 0) {
          held.add(labelRows.get(i));
        }
      }
      folds.add(new HeldOut(held, evaluator.embed(held), labels(rest)));
    }
    return folds;
  }

  /** One fold: labelled rows routed as tune data with the labels of the other folds. */
  private record HeldOut(List<LabelledUtterance> rows, List<float[]> vectors, Labels labels) {}

  /**
   * Fitted settings.
   *
   * @param tuneSize utterances the accuracy is over: the tune file's and the held-out labels
   * @param tried every grid point with its tune accuracy (empty on the points themselves)
   */
  public record Fitted(LabelSettings settings, double tuneAccuracy, int tuneSize, List<Fitted> tried) {}
}
