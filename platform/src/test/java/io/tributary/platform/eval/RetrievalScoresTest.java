package io.tributary.platform.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalScoresTest {

  @Test
  void shouldCountHitsReciprocalRanksAndDiscountedGainsOfTheExpectedDocument() {
    RetrievalScores scores = new RetrievalScores();

    scores.add(List.of("a", "b", "c"), "a", 1_000_000);
    scores.add(List.of("a", "b", "c"), "c", 3_000_000);
    scores.add(List.of("a", "b", "c"), "z", 2_000_000);

    assertThat(scores.questions()).isEqualTo(3);
    assertThat(scores.hitAt1()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(scores.hitAt5()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(scores.hitAt10()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(scores.mrrAt10()).isCloseTo((1 + 1 / 3.0) / 3, within(1e-9));
    assertThat(scores.ndcgAt10()).isCloseTo((1 + 1 / (Math.log(4) / Math.log(2))) / 3, within(1e-9));
    assertThat(scores.p50Millis()).isEqualTo(2.0);
  }

  @Test
  void shouldIgnoreTheExpectedDocumentBeyondRankTen() {
    RetrievalScores scores = new RetrievalScores();
    List<String> eleven = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "x");

    scores.add(eleven, "x", 1);

    assertThat(scores.hitAt10()).isZero();
    assertThat(scores.mrrAt10()).isZero();
    assertThat(scores.ndcgAt10()).isZero();
  }
}
