package io.tributary.platform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks Prometheus rule files: every alert has {@code for}, a {@code severity} label, a summary
 * and a runbook link that resolves; alert names are unique; every metric an expression selects is
 * exported (or recorded by a rule) with the labels it uses ({@link MetricUse}).
 */
final class AlertRules {

  private static final List<String> SEVERITIES = List.of("critical", "warning", "info");

  private final MetricCatalogue metrics;
  private final RunbookLinks runbooks;

  AlertRules(MetricCatalogue metrics, RunbookLinks runbooks) {
    this.metrics = metrics;
    this.runbooks = runbooks;
  }

  /** The series recording rules in {@code files} define; dashboards may use them too. */
  static Set<String> recorded(Map<String, JsonNode> files) {
    Set<String> recorded = new HashSet<>();
    files.values().forEach(file -> file.path("groups").forEach(group -> group.path("rules").forEach(rule -> {
      if (rule.hasNonNull("record")) {
        recorded.add(rule.get("record").asText());
      }
    })));
    return recorded;
  }

  /** Problems in {@code files} (file name to parsed rule file). */
  List<String> problems(Map<String, JsonNode> files) {
    MetricCatalogue known = metrics.with(recorded(files));
    List<String> problems = new ArrayList<>();
    Set<String> alertNames = new HashSet<>();
    for (Map.Entry<String, JsonNode> file : files.entrySet()) {
      JsonNode groups = file.getValue().path("groups");
      if (!groups.isArray() || groups.isEmpty()) {
        problems.add(file.getKey() + ": no rule groups");
      }
      for (JsonNode group : groups) {
        for (JsonNode rule : group.path("rules")) {
          String where = file.getKey() + " " + rule.path("alert").asText(rule.path("record").asText("<unnamed rule>"));
          problems.addAll(expressionProblems(where, rule.path("expr").asText(""), known));
          if (rule.hasNonNull("alert")) {
            problems.addAll(alertProblems(where, rule));
            if (!alertNames.add(rule.get("alert").asText())) {
              problems.add(where + ": alert name defined twice");
            }
          }
        }
      }
    }
    return problems;
  }

  private List<String> alertProblems(String where, JsonNode rule) {
    List<String> problems = new ArrayList<>();
    if (!rule.hasNonNull("for")) {
      problems.add(where + ": no 'for' (an alert should outlast one bad scrape)");
    }
    String severity = rule.path("labels").path("severity").asText("");
    if (!SEVERITIES.contains(severity)) {
      problems.add(where + ": label severity must be one of " + SEVERITIES + ", was '" + severity + "'");
    }
    JsonNode annotations = rule.path("annotations");
    if (annotations.path("summary").asText("").isBlank()) {
      problems.add(where + ": no summary annotation");
    }
    if (!annotations.hasNonNull("runbook_url")) {
      problems.add(where + ": no runbook_url annotation");
    } else {
      runbooks.problem(annotations.get("runbook_url").asText()).ifPresent(p -> problems.add(where + ": runbook_url " + p));
    }
    return problems;
  }

  private static List<String> expressionProblems(String where, String expression, MetricCatalogue known) {
    List<String> problems = new ArrayList<>();
    if (expression.isBlank()) {
      problems.add(where + ": no expr");
    }
    problems.addAll(new MetricUse(known).problems(where, expression));
    return problems;
  }
}
