package io.tributary.platform.embedding;

import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsException;
import io.tributary.platform.roles.Closer;
import io.tributary.streams.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmEmbedder;
import io.tributary.streams.embedding.OpenAiEmbedder;
import io.tributary.streams.embedding.OpenAiSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The embedder {@code TRIBUTARY_EMBEDDER} names: {@code minilm} (in process, offline, the
 * default) or {@code openai} (any OpenAI-compatible embeddings API, configured by the {@code
 * TRIBUTARY_EMBEDDINGS_*} settings; the API key comes from the environment only).
 */
public final class EmbedderSelection {

  private EmbedderSelection() {}

  /** Opens the configured embedder; {@code closer} releases what it holds. */
  public static Embedder open(Settings settings, Closer closer) {
    String choice = settings.value("TRIBUTARY_EMBEDDER").orElse("minilm").toLowerCase(Locale.ROOT);
    return switch (choice) {
      case "minilm" -> closer.register(new MiniLmEmbedder(settings.embedWorkers()));
      case "openai" -> new OpenAiEmbedder(openAi(settings));
      default -> throw new SettingsException("TRIBUTARY_EMBEDDER must be minilm or openai, was '" + choice + "'");
    };
  }

  static OpenAiSettings openAi(Settings settings) {
    return new OpenAiSettings(
        URI.create(settings.required("TRIBUTARY_EMBEDDINGS_BASE_URL")),
        settings.required("TRIBUTARY_EMBEDDINGS_MODEL"),
        settings.integer("TRIBUTARY_EMBEDDINGS_DIMENSIONS"),
        settings.value("TRIBUTARY_EMBEDDINGS_API_KEY").orElse(null),
        settings.integer("TRIBUTARY_EMBEDDINGS_BATCH_SIZE"),
        Duration.ofSeconds(30),
        5,
        Duration.ofMillis(500));
  }
}
