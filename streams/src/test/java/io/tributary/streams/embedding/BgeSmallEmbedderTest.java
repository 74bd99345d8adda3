package io.tributary.streams.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** bge-small-en-v1.5 through the same in-process embedder as MiniLM: [CLS] pooling, its own vectors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BgeSmallEmbedderTest {

  private OnnxEmbedder bge;

  @BeforeAll
  void load() {
    bge = new OnnxEmbedder(LocalModel.BGE_SMALL, 2, 256);
  }

  @AfterAll
  void close() {
    bge.close();
  }

  @Test
  void shouldEmbedUnitVectorsThatPlaceAParaphraseCloserThanAnUnrelatedSentence() {
    List<float[]> vectors = bge.embed(List.of(
        "How do I reset my password?",
        "Steps to recover access to your account",
        "The recipe needs two cups of flour"));

    assertThat(vectors).allSatisfy(vector -> {
      assertThat(vector).hasSize(384);
      assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
    });
    assertThat(dot(vectors.get(0), vectors.get(1))).isGreaterThan(dot(vectors.get(0), vectors.get(2)));
    assertThat(bge.modelId()).isEqualTo("bge-small-en-v1.5-q");
    assertThat(bge.provider()).isEqualTo("bge-small");
    assertThat(bge.windowTokens()).isEqualTo(256);
  }

  @Test
  void shouldGiveOtherVectorsThanMiniLmForTheSameText() {
    try (OnnxEmbedder minilm = new OnnxEmbedder(1)) {
      float[] fromMiniLm = minilm.embed(List.of("route me to billing")).getFirst();
      float[] fromBge = bge.embed(List.of("route me to billing")).getFirst();

      // Same length, different spaces: a profile id keeps them from ever being compared.
      assertThat(dot(fromMiniLm, fromBge)).isLessThan(0.9);
    }
  }

  @Test
  void shouldNameTheModelsAndRefuseAnUnknownOne() {
    assertThat(LocalModel.named("BGE-SMALL")).isEqualTo(LocalModel.BGE_SMALL);
    assertThat(LocalModel.withName("minilm")).contains(LocalModel.MINILM);
    assertThatThrownBy(() -> LocalModel.named("word2vec")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minilm, bge-small");
    assertThatThrownBy(() -> new OnnxEmbedder(LocalModel.BGE_SMALL, 1, 513))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bge-small window must be 16..512");
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double norm(float[] v) {
    return Math.sqrt(dot(v, v));
  }
}
