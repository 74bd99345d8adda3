package io.tributary.streams.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The MiniLM window is a setting: the tokenizer cuts at it, and the chunker fills it. */
class MiniLmWindowTest {

  private static final String SHARED = "Streaming replication lets a standby server stay current with the primary. "
      .repeat(12);

  @Test
  void shouldSeeTextPastTheShippedWindowOnlyWhenTheWindowIsLonger() {
    String first = SHARED + "The standby then answers read-only queries.";
    String second = SHARED + "Penguins waddle across the frozen beach at dawn.";
    try (OnnxEmbedder shipped = new OnnxEmbedder(1); OnnxEmbedder longer = new OnnxEmbedder(1, 256)) {
      assertThat(shipped.tokenCount(SHARED)).isBetween(OnnxEmbedder.DEFAULT_WINDOW_TOKENS, 240);
      assertThat(longer.windowTokens()).isEqualTo(256);

      List<float[]> cut = shipped.embed(List.of(first, second));
      List<float[]> whole = longer.embed(List.of(first, second));

      assertThat(cut.get(0)).containsExactly(cut.get(1));
      assertThat(whole.get(0)).isNotEqualTo(whole.get(1));
    }
  }

  @Test
  void shouldRejectAWindowTheModelCannotTake() {
    assertThatThrownBy(() -> new OnnxEmbedder(1, LocalModel.MINILM.maxWindowTokens() + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512");
  }
}
