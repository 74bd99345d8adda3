package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertRulesTest {

  private static final String RULES = """
      groups:
        - name: lag
          rules:
            - record: group:lag_seconds:max
              expr: max by (group) (lag_seconds)
            - alert: LagHigh
              expr: group:lag_seconds:max > 300
              for: 10m
              labels: { severity: warning }
              annotations:
                summary: "{{ $labels.group }} is behind"
                runbook_url: infra/runbooks/lag-alert.md#laghigh
      """;

  @TempDir Path runbooks;
  private AlertRules rules;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(runbooks.resolve("lag-alert.md"), "# Lag alerts\n\n## LagHigh\n");
    rules = new AlertRules(MetricCatalogue.of(List.of("lag_seconds")), new RunbookLinks(runbooks));
  }

  private List<String> problems(String yaml) {
    return rules.problems(Map.of("lag.yml", YamlDocuments.parse(yaml)));
  }

  @Test
  void shouldAcceptACompleteAlertOnARecordedSeries() {
    assertThat(problems(RULES)).isEmpty();
  }

  @Test
  void shouldReportAMetricTheCodeDoesNotExport() {
    assertThat(problems(RULES.replace("(lag_seconds)", "(lag_secs)")))
        .containsExactly("lag.yml group:lag_seconds:max: metric 'lag_secs' is not exported");
  }

  @Test
  void shouldReportAnAlertWithoutForSeverityOrSummary() {
    String yaml = RULES.replace("        for: 10m\n", "").replace("severity: warning", "severity: page")
        .replace("          summary: \"{{ $labels.group }} is behind\"\n", "");
    assertThat(problems(yaml)).containsExactly(
        "lag.yml LagHigh: no 'for' (an alert should outlast one bad scrape)",
        "lag.yml LagHigh: label severity must be one of [critical, warning, info], was 'page'",
        "lag.yml LagHigh: no summary annotation");
  }

  @Test
  void shouldReportARunbookLinkThatDoesNotResolve() {
    assertThat(problems(RULES.replace("#laghigh", "#lag-high")))
        .containsExactly("lag.yml LagHigh: runbook_url 'infra/runbooks/lag-alert.md#lag-high': "
            + "lag-alert.md has no heading with anchor #lag-high");
    assertThat(problems(RULES.replace("          runbook_url: infra/runbooks/lag-alert.md#laghigh\n", "")))
        .containsExactly("lag.yml LagHigh: no runbook_url annotation");
  }

  @Test
  void shouldReportAnAlertNameDefinedTwice() {
    JsonNode file = YamlDocuments.parse(RULES);
    Map<String, JsonNode> files = new java.util.LinkedHashMap<>();
    files.put("a.yml", file);
    files.put("b.yml", file);

    assertThat(rules.problems(files)).containsExactly("b.yml LagHigh: alert name defined twice");
  }
}
