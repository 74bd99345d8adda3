package io.tributary.platform.embedding;

import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsException;
import io.tributary.platform.roles.Closer;
import io.tributary.schemas.documents.EmbeddingProfile;
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
      case "minilm" -> closer.register(new MiniLmEmbedder(settings.embedWorkers(), settings.chunkTokens()));
      case "openai" -> new OpenAiEmbedder(openAi(settings));
      default -> throw new SettingsException("TRIBUTARY_EMBEDDER must be minilm or openai, was '" + choice + "'");
    };
  }

  /**
   * An embedder with {@code profile}'s model: {@code configured} when it already is that model,
   * else a new one of the profile's provider (openai: the configured endpoint with the profile's
   * model and dimensions). {@code closer} releases what it opens.
   */
  public static Embedder forProfile(Settings settings, EmbeddingProfile profile, Embedder configured, Closer closer) {
    if (configured.modelId().equals(profile.model())) {
      return configured;
    }
    Embedder embedder = switch (profile.embedder()) {
      case "minilm" -> closer.register(new MiniLmEmbedder(settings.embedWorkers(), settings.chunkTokens()));
      case "openai" -> {
        OpenAiSettings endpoint = openAi(settings);
        yield new OpenAiEmbedder(new OpenAiSettings(endpoint.baseUrl(), profile.model(), profile.dimensions(),
            endpoint.apiKey(), endpoint.batchSize(), endpoint.timeout(), endpoint.maxAttempts(),
            endpoint.initialBackoff()));
      }
      default -> throw new SettingsException("unknown embedder " + profile.embedder());
    };
    if (!embedder.modelId().equals(profile.model()) || embedder.dimensions() != profile.dimensions()) {
      throw new SettingsException("the " + profile.embedder() + " embedder is model " + embedder.modelId() + " with "
          + embedder.dimensions() + " dimensions, the profile needs " + profile.model() + " with "
          + profile.dimensions());
    }
    return embedder;
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
