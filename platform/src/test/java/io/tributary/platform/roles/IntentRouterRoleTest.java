package io.tributary.platform.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.platform.config.SettingsException;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.embedding.Embedder;
import io.tributary.streams.intents.EmbeddingClassifier;
import io.tributary.streams.intents.LlmClassifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntentRouterRoleTest {

  /** Never called: choosing a classifier embeds nothing. */
  private final Embedder embedder = new Embedder() {
    @Override
    public String modelId() {
      return "none";
    }

    @Override
    public int dimensions() {
      return 384;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      throw new UnsupportedOperationException();
    }
  };

  @Test
  void shouldUseTheEmbeddingClassifierUnlessAnLlmUrlIsConfigured() {
    assertThat(IntentRouterRole.classifier(SettingsLoader.load(Map.of()), embedder))
        .isInstanceOf(EmbeddingClassifier.class);
    var settings = SettingsLoader.load(Map.of("TRIBUTARY_LLM_URL", "http://127.0.0.1:11434/v1",
        "TRIBUTARY_LLM_TIMEOUT_MS", "750"));
    assertThat(IntentRouterRole.classifier(settings, embedder)).isInstanceOf(LlmClassifier.class);
    assertThat(settings.llmTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(settings.llmModel()).isEqualTo("gpt-4o-mini");
    assertThat(SettingsLoader.load(Map.of()).agentCatalogue()).isEmpty();
    assertThat(SettingsLoader.load(Map.of()).routerApplicationId()).isEqualTo("tributary-intent-router");
  }

  @Test
  void shouldRefuseAMalformedLlmUrlByName() {
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("TRIBUTARY_LLM_URL", "http://bad host")).llmUrl())
        .isInstanceOf(SettingsException.class).hasMessageContaining("TRIBUTARY_LLM_URL");
  }
}
