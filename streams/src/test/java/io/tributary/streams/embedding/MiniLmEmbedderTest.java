package io.tributary.streams.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MiniLmExtension.class)
class MiniLmEmbedderTest {

  private final OnnxEmbedder embedder;

  MiniLmEmbedderTest(OnnxEmbedder embedder) {
    this.embedder = embedder;
  }

  @Test
  void shouldPlaceAParaphraseCloserThanAnUnrelatedSentence() {
    List<float[]> vectors = embedder.embed(List.of(
        "How do I reset my password?",
        "Steps to recover access to your account",
        "The recipe needs two cups of flour"));

    double paraphrase = cosine(vectors.get(0), vectors.get(1));
    double unrelated = cosine(vectors.get(0), vectors.get(2));

    assertThat(paraphrase).isGreaterThan(unrelated);
  }

  @Test
  void shouldReturnUnitLengthVectorsOf384Dimensions() {
    List<float[]> vectors = embedder.embed(List.of("one", "two words", "a somewhat longer third sentence"));

    assertThat(vectors).hasSize(3).allSatisfy(vector -> {
      assertThat(vector).hasSize(LocalModel.MINILM.dimensions());
      assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
    });
    assertThat(embedder.dimensions()).isEqualTo(384);
    assertThat(embedder.modelId()).isEqualTo("all-minilm-l6-v2-q");
  }

  @Test
  void shouldKeepTheOrderOfABatchAcrossWorkers() {
    List<String> texts = List.of("alpha particles", "the stock market", "a cat on a mat", "quantum physics",
        "baking bread", "football results", "tax returns", "mountain hiking");

    List<float[]> batch = embedder.embed(texts);

    for (int i = 0; i < texts.size(); i++) {
      float[] alone = embedder.embed(List.of(texts.get(i))).getFirst();
      assertThat(batch.get(i)).containsExactly(alone, within(1e-6f));
    }
  }

  @Test
  void shouldReturnNothingForAnEmptyBatch() {
    assertThat(embedder.embed(List.of())).isEmpty();
  }

  @Test
  void shouldCountTokensIncludingClsAndSep() {
    assertThat(embedder.tokenCount("hello world")).isEqualTo(4);
    assertThat(embedder.tokenCount("word ".repeat(300))).isEqualTo(302);
  }

  @Test
  void shouldRefuseToEmbedAfterClose() {
    OnnxEmbedder closed = new OnnxEmbedder(1);
    closed.close();

    assertThatThrownBy(() -> closed.embed(List.of("text"))).isInstanceOf(IllegalStateException.class);
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot / (norm(a) * norm(b));
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }
}
