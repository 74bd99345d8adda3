package io.tributary.projections.rag;

import io.tributary.projections.generations.GenerationMovedException;
import io.tributary.schemas.topics.Topics;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Which generation a {@link RagProjection} writes: the live one, or one being rebuilt beside it. */
public sealed interface RagTarget {

  /** The schema to write in this transaction. */
  RagGenerationSchema schema(Handle handle);

  /**
   * The live generation, looked up (and share-locked) in each batch's transaction so a switch waits
   * for it; only while it follows {@code topic}: after a roll moved it to another topic, a batch of
   * the old topic is refused (never mix two embedding profiles in one generation).
   */
  record Live(String topic) implements RagTarget {
    @Override
    public RagGenerationSchema schema(Handle handle) {
      Optional<Map.Entry<Integer, String>> live =
          handle
              .createQuery(
                  "SELECT generation, coalesce(source_topic, :defaultTopic) FROM ops.projection_generations"
                      + " WHERE projection = :projection AND state = 'live' FOR SHARE")
              .bind("projection", RagProjection.NAME)
              .bind("defaultTopic", Topics.DOCS_EMBEDDED.name())
              .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getString(2)))
              .findOne();
      Map.Entry<Integer, String> found =
          live.orElseThrow(() -> new IllegalStateException("no live generation of " + RagProjection.NAME));
      if (!found.getValue().equals(topic)) {
        throw new GenerationMovedException(RagProjection.NAME, topic, found.getValue());
      }
      return new RagGenerationSchema(found.getKey());
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
