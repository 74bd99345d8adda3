package io.tributary.platform.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.platform.config.SettingsException;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.Closer;
import io.tributary.embedding.Embedder;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.streams.embedding.LocalModel;
import io.tributary.streams.embedding.OnnxEmbedder;
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
          .isInstanceOf(SettingsException.class).hasMessageContaining("TRIBUTARY_EMBEDDER must be one of minilm, bge-small or openai");
      assertThatThrownBy(() -> EmbedderSelection.open(SettingsLoader.load(Map.of("TRIBUTARY_EMBEDDER", "openai")), closer))
          .isInstanceOf(SettingsException.class).hasMessageContaining("TRIBUTARY_EMBEDDINGS_BASE_URL");
    }
  }

  @Test
  void shouldRunBgeSmallInProcessWhenNamed() {
    var settings = SettingsLoader.load(Map.of("TRIBUTARY_EMBEDDER", "bge-small", "TRIBUTARY_EMBED_WORKERS", "1"));

    try (Closer closer = new Closer()) {
      Embedder embedder = EmbedderSelection.open(settings, closer);

      assertThat(embedder).isInstanceOf(OnnxEmbedder.class);
      assertThat(embedder.modelId()).isEqualTo(LocalModel.BGE_SMALL.id());
      assertThat(embedder.provider()).isEqualTo("bge-small");
      assertThat(embedder.dimensions()).isEqualTo(384);
    }
  }

  @Test
  void shouldOpenBgeSmallForARollToItsProfileAndKeepTheConfiguredModelForItsOwn() {
    var settings = SettingsLoader.load(Map.of("TRIBUTARY_EMBED_WORKERS", "1"));

    try (Closer closer = new Closer(); OnnxEmbedder configured = new OnnxEmbedder(1)) {
      EmbeddingProfile bge = new EmbeddingProfile("bge-small", LocalModel.BGE_SMALL.id(), 384, 256, 32);
      EmbeddingProfile minilm = new EmbeddingProfile("minilm", LocalModel.MINILM.id(), 384, 128, 16);
      EmbeddingProfile mislabelled = new EmbeddingProfile("bge-small", "bge-large-en", 1024, 256, 32);

      assertThat(EmbedderSelection.forProfile(settings, bge, configured, closer).modelId())
          .isEqualTo("bge-small-en-v1.5-q");
      assertThat(EmbedderSelection.forProfile(settings, minilm, configured, closer)).isSameAs(configured);
      assertThatThrownBy(() -> EmbedderSelection.forProfile(settings, mislabelled, configured, closer))
          .isInstanceOf(SettingsException.class).hasMessageContaining("the profile needs bge-large-en");
    }
  }
}
