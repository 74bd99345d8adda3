package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void shouldFindTheMetricsInsideAggregationsAndFunctions() {
    assertThat(PromQl.metricNames(
        "histogram_quantile(0.99, sum by (le, route) (rate(tributary_http_server_requests_seconds_bucket[5m])))"))
        .containsExactly("tributary_http_server_requests_seconds_bucket");
  }

  @Test
  void shouldIgnoreLabelsStringsNumbersAndKeywords() {
    assertThat(PromQl.metricNames(
        "sum(rate(a_total{status=~\"5..\", route!=\"b_total\"}[5m] offset 1h)) / on(group) group_left(kind) "
            + "sum without (instance) (c_total) > 1e3 and bool d == 1"))
        .containsExactly("a_total", "c_total", "d");
  }

  @Test
  void shouldIgnoreGrafanaVariables() {
    assertThat(PromQl.metricNames("sum by (group) (rate(lag_total{group=~\"$group\"}[$__rate_interval])) * ${factor}"))
        .containsExactly("lag_total");
  }

  @Test
  void shouldFindEveryOperandOfABinaryExpression() {
    assertThat(PromQl.metricNames("deriv(x_offsets[15m]) > 0 and x_offsets > 1000 unless absent(y_seconds)"))
        .containsExactly("x_offsets", "y_seconds");
  }

  @Test
  void shouldFindATypoedMetricName() {
    assertThat(PromQl.metricNames("max(tributary_lag_grup_seconds)")).containsExactly("tributary_lag_grup_seconds");
  }

  @Test
  void shouldFindTheLabelsOfSelectorsAndGroupingLists() {
    String expression = "sum by (group, kind) (rate(a_total{status=~\"5..\", route!=\"x{y}\"}[5m])) "
        + "/ on(group) group_left(kind) b{job=\"api\"}";

    assertThat(PromQl.matcherLabels(expression))
        .containsEntry("a_total", java.util.Set.of("status", "route"))
        .containsEntry("b", java.util.Set.of("job"));
    assertThat(PromQl.groupingLabels(expression)).containsExactly("group", "kind");
  }
}
