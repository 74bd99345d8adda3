package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrafanaProvisioningTest {

  private static final ComposeModel COMPOSE = ComposeModel.of(YamlDocuments.parse("""
      services:
        prometheus: { image: "p:1", expose: ["9090"] }
      """));

  private static final GrafanaProvisioning GRAFANA =
      new GrafanaProvisioning(COMPOSE, MetricCatalogue.of(List.of("lag_seconds", "requests_total")));

  private static final String DASHBOARD = """
      {"uid": "lag", "title": "Lag",
       "templating": {"list": [{"name": "group", "type": "query", "datasource": {"type": "prometheus", "uid": "prom"},
                                "query": {"query": "label_values(lag_seconds, group)"}}]},
       "panels": [
         {"type": "timeseries", "title": "Lag", "datasource": {"type": "prometheus", "uid": "prom"},
          "targets": [{"refId": "A", "expr": "max by (group) (lag_seconds{group=~\\"$group\\"})"}]},
         {"type": "row", "title": "More", "panels": [
           {"type": "stat", "title": "Requests", "datasource": {"uid": "prom"},
            "targets": [{"refId": "A", "expr": "sum(rate(requests_total[$__rate_interval]))"}]}]}
       ]}
      """;

  private static List<String> problems(String... dashboards) {
    Map<String, JsonNode> files = new LinkedHashMap<>();
    for (int i = 0; i < dashboards.length; i++) {
      files.put("d" + i + ".json", YamlDocuments.parse(dashboards[i]));
    }
    return GRAFANA.dashboardProblems(files, Set.of("prom"));
  }

  @Test
  void shouldAcceptPanelsOnProvisionedDatasourcesWithExportedMetrics() {
    assertThat(problems(DASHBOARD)).isEmpty();
  }

  @Test
  void shouldReportAnUnknownMetricInAPanelInsideARow() {
    assertThat(problems(DASHBOARD.replace("rate(requests_total", "rate(request_total")))
        .containsExactly("dashboard d0.json panel 'Requests': metric 'request_total' is not exported");
  }

  @Test
  void shouldReportAnUnknownMetricInAVariableQuery() {
    assertThat(problems(DASHBOARD.replace("label_values(lag_seconds,", "label_values(lag_secs,")))
        .containsExactly("dashboard d0.json variable group: metric 'lag_secs' is not exported");
  }

  @Test
  void shouldReportADatasourceThatIsNotProvisionedOrMissing() {
    String unknown = DASHBOARD.replace("{\"uid\": \"prom\"}", "{\"uid\": \"loki\"}");
    String missing = DASHBOARD.replace("\"datasource\": {\"uid\": \"prom\"},", "");
    assertThat(problems(unknown)).containsExactly("dashboard d0.json panel 'Requests': datasource uid 'loki' is not provisioned");
    assertThat(problems(missing))
        .containsExactly("dashboard d0.json panel 'Requests': no datasource (the default can change; name one by uid)");
  }

  @Test
  void shouldReportDuplicateAndMissingUids() {
    assertThat(problems(DASHBOARD, DASHBOARD, DASHBOARD.replace("\"uid\": \"lag\", ", "")))
        .containsExactly("dashboard d1.json: uid 'lag' is used by another dashboard", "dashboard d2.json: no uid");
  }

  @Test
  void shouldReportADatasourceUrlOutsideTheStackAndAMissingUid() {
    List<JsonNode> datasources = List.of(YamlDocuments.parse("""
        datasources:
          - { name: Prometheus, uid: prom, type: prometheus, url: "http://prometheus:9091" }
          - { name: Other, type: prometheus, url: "http://prometheus:9090" }
        """));
    assertThat(GRAFANA.datasourceProblems(datasources)).containsExactly(
        "grafana datasource Prometheus: 'prometheus:9091' but prometheus listens on [9090]",
        "grafana datasource Other: no uid (dashboards refer to data sources by uid)");
    assertThat(GrafanaProvisioning.datasourceUids(datasources)).contains("prom");
  }

  @Test
  void shouldReadThePromQlInsideVariableQueries() {
    assertThat(GrafanaProvisioning.variableExpression("label_values(lag_seconds{kind=\"streams\"}, group)"))
        .isEqualTo("count by (group) (lag_seconds{kind=\"streams\"})");
    assertThat(GrafanaProvisioning.variableExpression("query_result(topk(5, lag_seconds))")).isEqualTo("topk(5, lag_seconds)");
    assertThat(GrafanaProvisioning.variableExpression("label_values(group)")).isEmpty();
  }
}
