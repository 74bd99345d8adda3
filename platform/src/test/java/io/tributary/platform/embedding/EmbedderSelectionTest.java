package io.tributary.platform.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.platform.config.SettingsException;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.Closer;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.OpenAiEmbedder;
import io.tributary.streams.embedding.OpenAiSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbedderSelectionTest {

  @Test
  void shouldBuildTheHttpEmbedderFromSettingsWithTheKeyFromTheEnvironment() {
    var settings = SettingsLoader.load(Map.of(
        "TRIBUTARY_EMBEDDER", "openai",
        "TRIBUTARY_EMBEDDINGS_BASE_URL", "http://127.0.0.1:9/v1",
        "TRIBUTARY_EMBEDDINGS_API_KEY", "sk-from-env",
        "TRIBUTARY_EMBEDDINGS_BATCH_SIZE", "16"));

    try (Closer closer = new Closer()) {
      Embedder embedder = EmbedderSelection.open(settings, closer);
      OpenAiSettings openAi = EmbedderSelection.openAi(settings);

      assertThat(embedder).isInstanceOf(OpenAiEmbedder.class);
      assertThat(embedder.modelId()).isEqualTo("text-embedding-3-small");
      assertThat(embedder.dimensions()).isEqualTo(384);
      assertThat(openAi.apiKey()).isEqualTo("sk-from-env");
      assertThat(openAi.batchSize()).isEqualTo(16);
    }
  }

  @Test
  void shouldRefuseAnUnknownEmbedderAndAMissingBaseUrl() {
    try (Closer closer = new Closer()) {
      assertThatThrownBy(() -> EmbedderSelection.open(SettingsLoader.load(Map.of("TRIBUTARY_EMBEDDER", "word2vec")), closer))
          .isInstanceOf(SettingsException.class).hasMessageContaining("TRIBUTARY_EMBEDDER");
      assertThatThrownBy(() -> EmbedderSelection.open(SettingsLoader.load(Map.of("TRIBUTARY_EMBEDDER", "openai")), closer))
          .isInstanceOf(SettingsException.class).hasMessageContaining("TRIBUTARY_EMBEDDINGS_BASE_URL");
    }
  }
}
