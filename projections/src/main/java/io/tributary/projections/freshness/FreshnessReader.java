package io.tributary.projections.freshness;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import org.jdbi.v3.core.Jdbi;

/** Reads a projection's {@link Freshness} from the offsets it stores beside its rows. */
public final class FreshnessReader {

  private static final String POSITION =
      """
      SELECT coalesce(sum(next_offset), 0) AS position, max(updated_at) AS as_of
      FROM ops.projection_offsets
      WHERE projection = :projection
      """;

  private final Jdbi jdbi;
  private final GenerationSource generations;

  public FreshnessReader(Jdbi jdbi, GenerationSource generations) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.generations = requireNonNull(generations, "generations");
  }

  /** The freshness of {@code projection} now. */
  public Freshness read(String projection) {
    long generation = generations.liveGeneration(projection);
    String model = generations.liveModel(projection);
    return jdbi.withHandle(handle -> handle.createQuery(POSITION)
        .bind("projection", projection)
        .map((rs, ctx) -> {
          OffsetDateTime asOf = rs.getObject("as_of", OffsetDateTime.class);
          return new Freshness(generation, rs.getLong("position"), asOf == null ? null : asOf.toInstant(), model);
        })
        .one());
  }
}
