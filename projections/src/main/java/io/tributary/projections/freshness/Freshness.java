package io.tributary.projections.freshness;

import java.time.Instant;

/**
 * How current a read model is.
 *
 * @param generation the live generation of the read model (replays build a new one)
 * @param position the sum of the projection's stored next offsets: grows with every applied batch,
 *     so it identifies the read model's content for cache keys
 * @param asOf when the newest applied batch was committed; null before the first one
 * @param model the embedding model of the live generation's vectors, when a roll recorded it; null
 *     for the pipeline deployed before any roll
 */
public record Freshness(long generation, long position, Instant asOf, String model) {

  /** Freshness of a generation without a recorded model. */
  public Freshness(long generation, long position, Instant asOf) {
    this(generation, position, asOf, null);
  }
}
