package io.tributary.projections.freshness;

/**
 * Says which generation of a projection's read model queries see. Until replay into new
 * generations exists every read model is generation 1; the replay work supplies the real source.
 */
@FunctionalInterface
public interface GenerationSource {

  /** The live generation of {@code projection}, at least 1. */
  long liveGeneration(String projection);

  /** The embedding model recorded for the live generation of {@code projection}; null when none is. */
  default String liveModel(String projection) {
    return null;
  }

  /** The source of a platform without replay: every projection is at generation 1. */
  static GenerationSource initial() {
    return projection -> 1L;
  }
}
