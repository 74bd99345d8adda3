package io.tributary.platform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks Grafana provisioning: data source URLs point at compose services, dashboard UIDs are
 * unique, every panel queries a provisioned data source, and every metric a panel or a template
 * variable selects is exported.
 */
final class GrafanaProvisioning {

  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)");
  private static final Pattern QUERY_RESULT = Pattern.compile("query_result\\((.*)\\)");

  private final ComposeModel compose;
  private final MetricUse metrics;

  GrafanaProvisioning(ComposeModel compose, MetricCatalogue metrics) {
    this.compose = compose;
    this.metrics = new MetricUse(metrics);
  }

  /** The uids of the data sources {@code datasourceFiles} provision. */
  static Set<String> datasourceUids(List<JsonNode> datasourceFiles) {
    Set<String> uids = new HashSet<>();
    datasourceFiles.forEach(file -> file.path("datasources").forEach(ds -> uids.add(ds.path("uid").asText())));
    return uids;
  }

  /** Problems of the data source files: a uid each, URLs that resolve. */
  List<String> datasourceProblems(List<JsonNode> datasourceFiles) {
    List<String> problems = new ArrayList<>();
    HostPortReferences hostPorts = new HostPortReferences(compose);
    for (JsonNode file : datasourceFiles) {
      for (JsonNode ds : file.path("datasources")) {
        String where = "grafana datasource " + ds.path("name").asText("<unnamed>");
        if (ds.path("uid").asText("").isBlank()) {
          problems.add(where + ": no uid (dashboards refer to data sources by uid)");
        }
        problems.addAll(hostPorts.problems(where, ds.path("url").asText("")));
      }
    }
    return problems;
  }

  /** Problems of the dashboards (file name to parsed JSON) against the provisioned {@code datasourceUids}. */
  List<String> dashboardProblems(Map<String, JsonNode> dashboards, Set<String> datasourceUids) {
    List<String> problems = new ArrayList<>();
    Set<String> uids = new HashSet<>();
    for (Map.Entry<String, JsonNode> entry : dashboards.entrySet()) {
      String where = "dashboard " + entry.getKey();
      JsonNode dashboard = entry.getValue();
      String uid = dashboard.path("uid").asText("");
      if (uid.isBlank()) {
        problems.add(where + ": no uid");
      } else if (!uids.add(uid)) {
        problems.add(where + ": uid '" + uid + "' is used by another dashboard");
      }
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        String variableWhere = where + " variable " + variable.path("name").asText();
        if (variable.path("type").asText().equals("query")) {
          problems.addAll(datasourceProblem(variableWhere, variable.path("datasource"), datasourceUids));
          JsonNode query = variable.path("query");
          String text = query.isObject() ? query.path("query").asText("") : query.asText("");
          problems.addAll(metricProblems(variableWhere, variableExpression(text)));
        }
      }
      List<JsonNode> panels = new ArrayList<>();
      collectPanels(dashboard.path("panels"), panels);
      if (panels.isEmpty()) {
        problems.add(where + ": no panels");
      }
      for (JsonNode panel : panels) {
        problems.addAll(panelProblems(where + " panel '" + panel.path("title").asText() + "'", panel, datasourceUids));
      }
    }
    return problems;
  }

  private List<String> panelProblems(String where, JsonNode panel, Set<String> datasourceUids) {
    List<String> problems = new ArrayList<>();
    JsonNode targets = panel.path("targets");
    if (!targets.isArray() || targets.isEmpty()) {
      problems.add(where + ": no queries");
    }
    for (JsonNode target : targets) {
      JsonNode datasource = target.hasNonNull("datasource") ? target.get("datasource") : panel.path("datasource");
      problems.addAll(datasourceProblem(where, datasource, datasourceUids));
      problems.addAll(metricProblems(where, target.path("expr").asText("")));
    }
    return problems;
  }

  private static List<String> datasourceProblem(String where, JsonNode datasource, Set<String> datasourceUids) {
    String uid = datasource.isObject() ? datasource.path("uid").asText("") : datasource.asText("");
    if (uid.isBlank()) {
      return List.of(where + ": no datasource (the default can change; name one by uid)");
    }
    if (!datasourceUids.contains(uid)) {
      return List.of(where + ": datasource uid '" + uid + "' is not provisioned");
    }
    return List.of();
  }

  private List<String> metricProblems(String where, String expression) {
    return metrics.problems(where, expression);
  }

  /**
   * The PromQL a Grafana variable query stands for: {@code label_values(expr, label)} reads like
   * {@code count by (label) (expr)} (so the label is checked too), {@code query_result(expr)} is {@code expr}.
   */
  static String variableExpression(String query) {
    Matcher labelValues = LABEL_VALUES.matcher(query.strip());
    if (labelValues.matches()) {
      return "count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")";
    }
    Matcher queryResult = QUERY_RESULT.matcher(query.strip());
    if (queryResult.matches()) {
      return queryResult.group(1);
    }
    return query.startsWith("label_values(") || query.startsWith("label_names(") ? "" : query;
  }

  private static void collectPanels(JsonNode panels, List<JsonNode> into) {
    for (JsonNode panel : panels) {
      if (panel.path("type").asText().equals("row")) {
        collectPanels(panel.path("panels"), into);
      } else {
        into.add(panel);
      }
    }
  }
}
