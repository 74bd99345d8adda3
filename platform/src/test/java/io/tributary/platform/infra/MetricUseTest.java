package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricUseTest {

  private static final MetricUse USE = new MetricUse(MetricCatalogue.of(List.of(
      "# comment",
      "lag_seconds group,topic,partition,kind",
      "latency_seconds_bucket route",
      "chunks_total")));

  @Test
  void shouldAcceptDeclaredLabelsTargetLabelsAndLeOnBuckets() {
    assertThat(USE.problems("p", "max by (group, kind) (lag_seconds{topic=\"t\", job=\"api\"})")).isEmpty();
    assertThat(USE.problems("p", "histogram_quantile(0.99, sum by (le, route) (rate(latency_seconds_bucket[5m])))")).isEmpty();
    assertThat(USE.problems("p", "up{job=~\"tributary-.*\"} == 0")).isEmpty();
  }

  @Test
  void shouldReportASelectorLabelTheMetricDoesNotCarry() {
    assertThat(USE.problems("p", "lag_seconds{grup=\"g\"}"))
        .containsExactly("p: metric 'lag_seconds' has no label 'grup'");
  }

  @Test
  void shouldReportAGroupingLabelNoMetricCarries() {
    assertThat(USE.problems("p", "sum by (projection) (lag_seconds)"))
        .containsExactly("p: groups by 'projection', a label none of [lag_seconds] has");
  }

  @Test
  void shouldNotGuessLabelsOfAMetricThatDeclaresNone() {
    assertThat(USE.problems("p", "sum by (anything) (rate(chunks_total{whatever=\"x\"}[5m]))")).isEmpty();
  }

  @Test
  void shouldReportAnUnknownMetric() {
    assertThat(USE.problems("p", "rate(chunk_total[5m])")).containsExactly("p: metric 'chunk_total' is not exported");
  }
}
