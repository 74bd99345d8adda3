package io.tributary.streams.intents.eval;

import io.tributary.schemas.agents.RoutingDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Accuracy, per-agent precision/recall/F1, the confusion matrix and the default-route rate of
 * one evaluation, and their text rendering.
 */
public record EvaluationReport(
    int total, int correct, double defaultRate, double expectedDefaultRate, List<AgentMetrics> agents,
    List<String> labels, Map<String, Map<String, Integer>> confusion) {

  /** Precision, recall and F1 of one agent ({@code default} included). */
  public record AgentMetrics(String agent, int support, double precision, double recall, double f1) {}

  /** The report of {@code scored}. */
  public static EvaluationReport of(List<ScoredUtterance> scored) {
    TreeSet<String> labels = new TreeSet<>();
    scored.forEach(s -> {
      labels.add(s.expected());
      labels.add(s.predicted());
    });
    Map<String, Map<String, Integer>> confusion = new TreeMap<>();
    for (String expected : labels) {
      Map<String, Integer> row = new TreeMap<>();
      labels.forEach(predicted -> row.put(predicted, 0));
      confusion.put(expected, row);
    }
    int correct = 0;
    int routedDefault = 0;
    int expectedDefault = 0;
    for (ScoredUtterance s : scored) {
      confusion.get(s.expected()).merge(s.predicted(), 1, Integer::sum);
      correct += s.expected().equals(s.predicted()) ? 1 : 0;
      routedDefault += RoutingDecision.DEFAULT_AGENT.equals(s.predicted()) ? 1 : 0;
      expectedDefault += RoutingDecision.DEFAULT_AGENT.equals(s.expected()) ? 1 : 0;
    }
    List<AgentMetrics> metrics = new ArrayList<>();
    for (String agent : labels) {
      int truePositives = confusion.get(agent).get(agent);
      int predicted = labels.stream().mapToInt(e -> confusion.get(e).get(agent)).sum();
      int support = confusion.get(agent).values().stream().mapToInt(Integer::intValue).sum();
      double precision = predicted == 0 ? 0 : (double) truePositives / predicted;
      double recall = support == 0 ? 0 : (double) truePositives / support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      metrics.add(new AgentMetrics(agent, support, precision, recall, f1));
    }
    int total = scored.size();
    return new EvaluationReport(total, correct, total == 0 ? 0 : (double) routedDefault / total,
        total == 0 ? 0 : (double) expectedDefault / total, List.copyOf(metrics), List.copyOf(labels), confusion);
  }

  public double accuracy() {
    return total == 0 ? 0 : (double) correct / total;
  }

  /** Of the messages routed to {@code default}, the share labelled {@code default}. */
  public double defaultPrecision() {
    return defaultMetrics().map(AgentMetrics::precision).orElse(0.0);
  }

  /** Of the messages labelled {@code default} (out of scope), the share routed there. */
  public double defaultRecall() {
    return defaultMetrics().map(AgentMetrics::recall).orElse(0.0);
  }

  private java.util.Optional<AgentMetrics> defaultMetrics() {
    return agents.stream().filter(m -> RoutingDecision.DEFAULT_AGENT.equals(m.agent())).findFirst();
  }

  /** Accuracy and the default route only: for catalogues with too many agents for a matrix. */
  public String renderSummary() {
    return String.format(Locale.ROOT, "accuracy            %.3f (%d/%d)%n", accuracy(), correct, total)
        + String.format(Locale.ROOT, "default-route rate  %.3f (labelled default: %.3f)%n", defaultRate,
            expectedDefaultRate)
        + String.format(Locale.ROOT, "default route       precision %.3f, recall %.3f%n", defaultPrecision(),
            defaultRecall());
  }

  /** The report as aligned text. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "accuracy            %.3f (%d/%d)%n", accuracy(), correct, total));
    out.append(String.format(Locale.ROOT, "default-route rate  %.3f (labelled default: %.3f)%n", defaultRate,
        expectedDefaultRate));
    out.append(String.format(Locale.ROOT, "default route       precision %.3f, recall %.3f%n%n", defaultPrecision(),
        defaultRecall()));
    out.append(String.format(Locale.ROOT, "%-12s %7s %9s %7s %7s%n", "agent", "support", "precision", "recall", "f1"));
    for (AgentMetrics m : agents) {
      out.append(String.format(Locale.ROOT, "%-12s %7d %9.3f %7.3f %7.3f%n", m.agent(), m.support(), m.precision(),
          m.recall(), m.f1()));
    }
    out.append("\nconfusion (rows: labelled, columns: routed)\n");
    out.append(String.format(Locale.ROOT, "%-12s", ""));
    labels.forEach(l -> out.append(String.format(Locale.ROOT, " %6s", abbreviate(l))));
    out.append('\n');
    for (String expected : labels) {
      out.append(String.format(Locale.ROOT, "%-12s", expected));
      labels.forEach(p -> out.append(String.format(Locale.ROOT, " %6d", confusion.get(expected).get(p))));
      out.append('\n');
    }
    return out.toString();
  }

  private static String abbreviate(String label) {
    return label.length() <= 6 ? label : label.substring(0, 6);
  }
}
