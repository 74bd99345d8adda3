package io.tributary.streams.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedding.Embedder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoizingEmbedderTest {

  /** Records every text it is asked to embed; the vector holds the text's length. */
  private static final class CountingEmbedder implements Embedder {
    final List<String> embedded = new ArrayList<>();

    @Override
    public String modelId() {
      return "counting";
    }

    @Override
    public int dimensions() {
      return 1;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      embedded.addAll(texts);
      return texts.stream().map(t -> new float[] {t.length()}).toList();
    }
  }

  @Test
  void shouldEmbedEachDistinctTextOnceAndKeepTheOrder() {
    CountingEmbedder model = new CountingEmbedder();
    MemoizingEmbedder embedder = new MemoizingEmbedder(model);

    List<float[]> first = embedder.embed(List.of("a", "bbb", "a"));
    List<float[]> second = embedder.embed(List.of("bbb", "cc"));

    assertThat(model.embedded).containsExactly("a", "bbb", "cc");
    assertThat(first).extracting(v -> v[0]).containsExactly(1f, 3f, 1f);
    assertThat(second).extracting(v -> v[0]).containsExactly(3f, 2f);
    assertThat(embedder.size()).isEqualTo(3);
    assertThat(embedder.modelId()).isEqualTo("counting");
  }
}
