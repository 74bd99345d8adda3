package io.tributary.streams.intents.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdFitTest {

  private static ScoredUtterance scored(String expected, String best, double score) {
    return new ScoredUtterance("t", expected, best, score, best);
  }

  @Test
  void shouldPutTheThresholdInTheMiddleOfTheGapBetweenNegativesAndPositives() {
    List<ScoredUtterance> rows = List.of(
        scored("billing", "billing", 0.60), scored("billing", "billing", 0.50),
        scored("default", "billing", 0.30), scored("default", "billing", 0.20));

    // Every threshold in (0.30, 0.50] is perfect: 0.31..0.50, whose middle is 0.405 -> 0.41 (rounded half up 0.40/0.41).
    assertThat(ThresholdFit.fit(rows).get("billing")).isBetween(0.40, 0.41);
  }

  @Test
  void shouldFitOneThresholdForAllAgentsOverEveryUtterance() {
    List<ScoredUtterance> rows = List.of(
        scored("billing", "billing", 0.80), scored("hr", "hr", 0.60),
        scored("default", "billing", 0.40), scored("default", "hr", 0.50),
        // A wrong best agent: no threshold makes it right, so it moves nothing.
        scored("hr", "billing", 0.90));

    // Every threshold in (0.50, 0.60] gets the other four right.
    assertThat(ThresholdFit.fitGlobal(rows)).isBetween(0.55, 0.56);
  }

  @Test
  void shouldPreferAcceptingWhenNegativesNeverWinOnThatAgent() {
    List<ScoredUtterance> rows = List.of(scored("shipping", "shipping", 0.25), scored("shipping", "shipping", 0.7));

    assertThat(ThresholdFit.fit(rows).get("shipping")).isLessThanOrEqualTo(0.25);
  }

  @Test
  void shouldReportAccuracyPrecisionRecallAndConfusion() {
    List<ScoredUtterance> rows = List.of(
        new ScoredUtterance("a", "billing", "billing", 0.5, "billing"),
        new ScoredUtterance("b", "billing", "billing", 0.1, "default"),
        new ScoredUtterance("c", "default", "billing", 0.4, "billing"),
        new ScoredUtterance("d", "default", "hr", 0.1, "default"));

    EvaluationReport report = EvaluationReport.of(rows);

    assertThat(report.accuracy()).isEqualTo(0.5);
    assertThat(report.defaultRate()).isEqualTo(0.5);
    assertThat(report.confusion().get("billing")).containsEntry("billing", 1).containsEntry("default", 1);
    assertThat(report.agents()).filteredOn(m -> m.agent().equals("billing")).singleElement()
        .satisfies(m -> {
          assertThat(m.precision()).isEqualTo(0.5);
          assertThat(m.recall()).isEqualTo(0.5);
          assertThat(m.f1()).isEqualTo(0.5);
        });
    assertThat(report.render()).contains("accuracy            0.500 (2/4)");
  }

  @Test
  void shouldCountWhatAThresholdGetsRight() {
    List<ScoredUtterance> rows = List.of(
        scored("billing", "billing", 0.80), scored("default", "billing", 0.40), scored("hr", "billing", 0.90),
        scored("hr", "hr", 0.20));

    // At 0.5: the first right, the second right (sent to default), the third wrong, the fourth wrong (sent to default).
    assertThat(ThresholdFit.accuracyAt(rows, 0.5)).isEqualTo(0.5);
    assertThat(ThresholdFit.accuracyAt(rows, 0.1)).isEqualTo(0.5);
    assertThat(ThresholdFit.accuracyAt(List.of(), 0.5)).isZero();
  }
}
