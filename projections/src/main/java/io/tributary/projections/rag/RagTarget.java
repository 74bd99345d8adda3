package io.tributary.projections.rag;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Which generation a {@link RagProjection} writes: the live one, or one being rebuilt beside it. */
public sealed interface RagTarget {

  /** The schema to write in this transaction. */
  RagGenerationSchema schema(Handle handle);

  /** The live generation, looked up (and share-locked) in each batch's transaction so a switch waits for it. */
  record Live() implements RagTarget {
    @Override
    public RagGenerationSchema schema(Handle handle) {
      Optional<Integer> live =
          handle
              .createQuery(
                  "SELECT generation FROM ops.projection_generations"
                      + " WHERE projection = :projection AND state = 'live' FOR SHARE")
              .bind("projection", RagProjection.NAME)
              .mapTo(Integer.class)
              .findOne();
      return new RagGenerationSchema(
          live.orElseThrow(() -> new IllegalStateException("no live generation of " + RagProjection.NAME)));
    }
  }

  /** A fixed generation: the one a replay builds. */
  record Fixed(RagGenerationSchema generation) implements RagTarget {
    @Override
    public RagGenerationSchema schema(Handle handle) {
      return generation;
    }
  }
}
