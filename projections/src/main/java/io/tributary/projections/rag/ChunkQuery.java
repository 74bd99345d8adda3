package io.tributary.projections.rag;

import static java.util.Objects.requireNonNull;

/**
 * One search over the chunks of a tenant.
 *
 * @param text the query text (keyword and hybrid modes)
 * @param vector the query embedding (vector and hybrid modes); may be null in keyword mode
 * @param minScore hits whose mode score is below this are dropped
 */
public record ChunkQuery(String tenant, SearchMode mode, String text, float[] vector, int topK, double minScore,
    DocumentFilters filters) {

  public ChunkQuery {
    requireNonNull(tenant, "tenant");
    requireNonNull(mode, "mode");
    requireNonNull(filters, "filters");
    if (tenant.isBlank()) {
      throw new IllegalArgumentException("tenant must not be blank");
    }
    if (topK < 1 || topK > ChunkSearch.MAX_TOP_K) {
      throw new IllegalArgumentException("topK must be in 1.." + ChunkSearch.MAX_TOP_K + ", was " + topK);
    }
    if (mode.usesVector()) {
      checkVector(requireNonNull(vector, "vector"));
    }
    if (mode != SearchMode.VECTOR && (text == null || text.isBlank())) {
      throw new IllegalArgumentException("text is required in " + mode.wireName() + " mode");
    }
  }

  private static void checkVector(float[] vector) {
    if (vector.length != RagTables.EMBEDDING_DIMENSIONS) {
      throw new IllegalArgumentException(
          "query has " + vector.length + " dimensions, the read model holds " + RagTables.EMBEDDING_DIMENSIONS);
    }
    for (float value : vector) {
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException("query has a non-finite value");
      }
    }
  }
}
