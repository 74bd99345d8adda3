package io.tributary.platform.infra;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one PromQL expression against the {@link MetricCatalogue}: every metric it selects is
 * exported, every label in a selector is one that metric carries, and every grouping label is
 * carried by one of the expression's metrics. Labels are only checked where the catalogue declares them.
 */
final class MetricUse {

  private final MetricCatalogue metrics;

  MetricUse(MetricCatalogue metrics) {
    this.metrics = metrics;
  }

  /** Problems of {@code expression}; {@code where} names the rule or panel it comes from. */
  List<String> problems(String where, String expression) {
    List<String> problems = new ArrayList<>();
    Set<String> names = PromQl.metricNames(expression);
    for (String name : names) {
      if (!metrics.knows(name)) {
        problems.add(where + ": metric '" + name + "' is not exported");
      }
    }
    for (Map.Entry<String, Set<String>> selector : PromQl.matcherLabels(expression).entrySet()) {
      Optional<Set<String>> carried = metrics.labelsOf(selector.getKey());
      for (String label : selector.getValue()) {
        if (carried.isPresent() && !carried.get().contains(label)) {
          problems.add(where + ": metric '" + selector.getKey() + "' has no label '" + label + "'");
        }
      }
    }
    Set<String> carriedByAny = new HashSet<>(MetricCatalogue.TARGET_LABELS);
    carriedByAny.add("le");
    for (String name : names) {
      Optional<Set<String>> carried = metrics.labelsOf(name);
      if (carried.isEmpty()) {
        return problems; // a metric with undeclared labels could carry any grouping label
      }
      carriedByAny.addAll(carried.get());
    }
    for (String label : PromQl.groupingLabels(expression)) {
      if (!names.isEmpty() && !carriedByAny.contains(label)) {
        problems.add(where + ": groups by '" + label + "', a label none of " + names + " has");
      }
    }
    return problems;
  }
}
