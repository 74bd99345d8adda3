package io.tributary.projections.generations;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.freshness.GenerationSource;
import org.jdbi.v3.core.Jdbi;

/** The live generation of each projection, as recorded in {@code ops.projection_generations}. */
public final class LiveGenerations implements GenerationSource {

  private final Jdbi jdbi;
  private final GenerationStore store = new GenerationStore();

  public LiveGenerations(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
  }

  @Override
  public long liveGeneration(String projection) {
    // Projections without generations (all but rag today) are generation 1, as before replay existed.
    return jdbi.withHandle(handle -> store.live(handle, projection)).map(Integer::longValue).orElse(1L);
  }

  @Override
  public String liveModel(String projection) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT embedding_profile->>'model' FROM ops.projection_generations"
            + " WHERE projection = :projection AND state = 'live'")
        .bind("projection", projection)
        .mapTo(String.class)
        .findOne()
        .orElse(null));
  }
}
