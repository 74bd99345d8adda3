package io.tributary.platform.roll;

import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * What the live rag generation follows: a roll's profile and its topic, or (no profile) the
 * pipeline deployed before any roll and {@code docs.embedded.v1}.
 *
 * @param profile the embedding profile; empty before the first roll
 */
public record LiveSource(Optional<EmbeddingProfile> profile) {

  /** Before any roll. */
  public static final LiveSource INITIAL = new LiveSource(Optional.empty());

  /** The topic the live generation follows. */
  public Topic<String, EmbeddedDocument> topic() {
    return profile.map(Topics::docsEmbedded).orElse(Topics.DOCS_EMBEDDED);
  }

  /** Reads it from {@code ops.projection_generations}. */
  public static LiveSource read(Jdbi jdbi) {
    Optional<Generation> live =
        jdbi.withHandle(handle -> new GenerationStore().liveGeneration(handle, RagProjection.NAME));
    return new LiveSource(live.map(Generation::embeddingProfile).map(LiveSource::parse));
  }

  /** The profile as recorded with a generation. */
  public static String json(EmbeddingProfile profile) {
    try {
      return Json.mapper().writeValueAsString(profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EmbeddingProfile parse(String json) {
    try {
      return Json.mapper().readValue(json, EmbeddingProfile.class);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable embedding profile recorded with the live generation: " + json, e);
    }
  }
}
