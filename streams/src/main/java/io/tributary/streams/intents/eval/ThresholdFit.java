package io.tributary.streams.intents.eval;

import io.tributary.schemas.agents.RoutingDecision;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Suggests one threshold per agent from scored, labelled utterances. For each agent it looks at
 * the utterances on which that agent scored best and picks the threshold that gets the most of
 * them right: those above go to the agent (right when it is their label), those below go to
 * {@code default} (right when their label is {@code default}). Among equally good thresholds it
 * takes the middle of the widest best run, so that a threshold is not fitted to one utterance.
 */
public final class ThresholdFit {

  static final double LOWEST = 0.0;
  static final double HIGHEST = 0.9;
  static final double STEP = 0.01;

  private ThresholdFit() {}

  /** The suggested threshold of every agent that was best on at least one utterance. */
  public static Map<String, Double> fit(List<ScoredUtterance> scored) {
    Map<String, Double> thresholds = new TreeMap<>();
    scored.stream().map(ScoredUtterance::best).distinct()
        .filter(agent -> !RoutingDecision.DEFAULT_AGENT.equals(agent))
        .forEach(agent -> thresholds.put(agent, fitOne(agent, scored)));
    return thresholds;
  }

  /** One threshold for every agent: the one that gets the most of {@code scored} right. */
  public static double fitGlobal(List<ScoredUtterance> scored) {
    return fitOver(scored, null);
  }

  /** The share of {@code scored} decided right when {@code threshold} applies to every agent. */
  public static double accuracyAt(List<ScoredUtterance> scored, double threshold) {
    if (scored.isEmpty()) {
      return 0;
    }
    long right = scored.stream().filter(s -> rightAt(s, threshold, s.best())).count();
    return (double) right / scored.size();
  }

  private static boolean rightAt(ScoredUtterance s, double threshold, String agent) {
    return s.bestScore() >= threshold ? s.expected().equals(agent) : s.expected().equals(RoutingDecision.DEFAULT_AGENT);
  }

  private static double fitOne(String agent, List<ScoredUtterance> scored) {
    return fitOver(scored.stream().filter(s -> s.best().equals(agent)).toList(), agent);
  }

  /** The threshold over {@code mine}; {@code agent} null means each utterance's own best agent. */
  private static double fitOver(List<ScoredUtterance> mine, String only) {
    int steps = (int) Math.round((HIGHEST - LOWEST) / STEP);
    int[] correct = new int[steps + 1];
    for (int i = 0; i <= steps; i++) {
      double threshold = LOWEST + i * STEP;
      for (ScoredUtterance s : mine) {
        if (rightAt(s, threshold, only != null ? only : s.best())) {
          correct[i]++;
        }
      }
    }
    int max = java.util.Arrays.stream(correct).max().orElse(0);
    int bestStart = 0;
    int bestLength = 0;
    for (int i = 0; i <= steps; ) {
      if (correct[i] != max) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 <= steps && correct[j + 1] == max) {
        j++;
      }
      if (j - i + 1 > bestLength) {
        bestStart = i;
        bestLength = j - i + 1;
      }
      i = j + 1;
    }
    double middle = LOWEST + (bestStart + (bestLength - 1) / 2.0) * STEP;
    return Math.round(middle * 100) / 100.0;
  }
}
