package io.tributary.platform.roles;

import static java.util.Objects.requireNonNull;

import io.tributary.edge.search.QueryEmbedders;
import io.tributary.platform.config.Settings;
import io.tributary.platform.embedding.EmbedderSelection;
import io.tributary.platform.roll.LiveSource;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.embedding.Embedder;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Query embedders that follow a roll (ADR 12): the configured embedder while the live generation
 * holds its model's vectors; after a roll to another model, an embedder of the live profile's
 * model, opened on first use and kept (the API then embeds queries with the new model without a
 * restart). When that model cannot be opened here (an openai model without an endpoint), vector
 * searches are refused rather than mixed.
 */
final class LiveQueryEmbedders implements QueryEmbedders {

  private static final Logger LOG = LoggerFactory.getLogger(LiveQueryEmbedders.class);

  private final Settings settings;
  private final Embedder configured;
  private final Jdbi jdbi;
  private final Closer closer;
  private final Map<String, Embedder> opened = new ConcurrentHashMap<>();

  LiveQueryEmbedders(Settings settings, Embedder configured, Jdbi jdbi, Closer closer) {
    this.settings = requireNonNull(settings, "settings");
    this.configured = requireNonNull(configured, "configured");
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.closer = requireNonNull(closer, "closer");
  }

  @Override
  public Embedder forModel(String model) {
    if (model == null || model.equals(configured.modelId())) {
      return configured;
    }
    return opened.computeIfAbsent(model, this::open);
  }

  private Embedder open(String model) {
    Optional<EmbeddingProfile> live = LiveSource.read(jdbi).profile().filter(p -> p.model().equals(model));
    if (live.isEmpty()) {
      throw QueryEmbedders.mismatch(model, configured.modelId());
    }
    try {
      Embedder embedder = EmbedderSelection.forProfile(settings, live.get(), configured, closer);
      LOG.info("queries are embedded with {} now, the model of the live rag generation", model);
      return embedder;
    } catch (RuntimeException e) {
      LOG.warn("cannot open an embedder of the live model {}: {}", model, e.getMessage());
      throw QueryEmbedders.mismatch(model, configured.modelId());
    }
  }
}
