package io.tributary.platform.embedding;

import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsException;
import io.tributary.platform.roles.Closer;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.LocalModel;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.embedding.OpenAiEmbedder;
import io.tributary.streams.embedding.OpenAiSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The embedder {@code TRIBUTARY_EMBEDDER} names: {@code minilm} (in process, offline, the
 * default), {@code bge-small} (in process, offline) or {@code openai} (any OpenAI-compatible embeddings API, configured by the {@code
 * TRIBUTARY_EMBEDDINGS_*} settings; the API key comes from the environment only).
 */
public final class EmbedderSelection {

  private EmbedderSelection() {}

  /** Opens the configured embedder; {@code closer} releases what it holds. */
  public static Embedder open(Settings settings, Closer closer) {
    String choice = settings.value("TRIBUTARY_EMBEDDER").orElse("minilm").toLowerCase(Locale.ROOT);
    if (choice.equals("openai")) {
      return new OpenAiEmbedder(openAi(settings));
    }
    return LocalModel.withName(choice).map(local -> local(settings, local, closer)).orElseThrow(() ->
        new SettingsException("TRIBUTARY_EMBEDDER must be one of " + LocalModel.names() + " or openai, was '"
            + choice + "'"));
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
    Embedder embedder;
    if (profile.embedder().equals("openai")) {
      OpenAiSettings endpoint = openAi(settings);
      embedder = new OpenAiEmbedder(new OpenAiSettings(endpoint.baseUrl(), profile.model(), profile.dimensions(),
          endpoint.apiKey(), endpoint.batchSize(), endpoint.timeout(), endpoint.maxAttempts(),
          endpoint.initialBackoff()));
    } else {
      embedder = LocalModel.withName(profile.embedder()).map(local -> local(settings, local, closer))
          .orElseThrow(() -> new SettingsException("unknown embedder " + profile.embedder()));
    }
    if (!embedder.modelId().equals(profile.model()) || embedder.dimensions() != profile.dimensions()) {
      throw new SettingsException("the " + profile.embedder() + " embedder is model " + embedder.modelId() + " with "
          + embedder.dimensions() + " dimensions, the profile needs " + profile.model() + " with "
          + profile.dimensions());
    }
    return embedder;
  }

  /** The in-process model {@code TRIBUTARY_EMBEDDER} names; MiniLM when it names a remote one. */
  public static LocalModel localModel(Settings settings) {
    return LocalModel.withName(settings.value("TRIBUTARY_EMBEDDER").orElse("minilm")).orElse(LocalModel.MINILM);
  }

  private static Embedder local(Settings settings, LocalModel local, Closer closer) {
    return closer.register(new OnnxEmbedder(local, settings.embedWorkers(), settings.embedWindowTokens()));
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
