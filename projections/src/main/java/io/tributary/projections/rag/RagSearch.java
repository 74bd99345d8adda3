package io.tributary.projections.rag;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Read side of the rag model: nearest chunks of one tenant to a query vector. */
public final class RagSearch {

  /** Largest topK accepted: pgvector's cap on {@code hnsw.ef_search}. */
  public static final int MAX_TOP_K = 1000;

  /**
   * Fewest HNSW candidates per search. pgvector's default (40) measured recall@10 between 0.93
   * and 0.99 on clustered MiniLM embeddings in {@code tributary bench query}; a longer candidate
   * list trades a little latency for recall.
   */
  static final int MIN_EF_SEARCH = 100;

  private final ChunkSearch chunks;

  /** A search over the database behind {@code jdbi} (see {@link io.tributary.projections.db.Database}). */
  public RagSearch(Jdbi jdbi) {
    this.chunks = new ChunkSearch(requireNonNull(jdbi, "jdbi"));
  }

  /**
   * The {@code topK} chunks of {@code tenant} nearest to {@code query} by cosine distance,
   * most similar first. Approximate (HNSW), like every vector search at scale.
   *
   * @throws IllegalArgumentException for a blank tenant, a query that is not a finite
   *     {@value RagTables#EMBEDDING_DIMENSIONS}-dimension vector, or topK outside 1..{@value #MAX_TOP_K}
   */
  public List<ChunkHit> vectorSearch(String tenant, float[] query, int topK) {
    requireNonNull(tenant, "tenant");
    requireNonNull(query, "query");
    if (tenant.isBlank()) {
      throw new IllegalArgumentException("tenant must not be blank");
    }
    checkQuery(query);
    if (topK < 1 || topK > MAX_TOP_K) {
      throw new IllegalArgumentException("topK must be in 1.." + MAX_TOP_K + ", was " + topK);
    }
    // One SQL for every caller: the API's vector mode and this method run the same statement.
    return chunks.search(new ChunkQuery(tenant, SearchMode.VECTOR, null, query, topK, -1.0, DocumentFilters.NONE))
        .stream()
        .map(hit -> new ChunkHit(hit.documentId(), hit.title(), hit.source(), hit.chunkIndex(), hit.text(),
            hit.headingPath(), hit.charStart(), hit.charEnd(), hit.vectorScore()))
        .toList();
  }

  /** Transaction-local index settings: nothing leaks to the next user of the pooled connection. */
  static void tuneIndexScan(Handle handle, int topK) {
    // Without iterative scans HNSW filters tenant AFTER collecting ef_search candidates, so a small
    // tenant beside a large one would get fewer than topK hits, or none (pgvector >= 0.8).
    int efSearch = Math.min(MAX_TOP_K, Math.max(MIN_EF_SEARCH, 2 * topK));
    // set_config(..., true) is SET LOCAL with bind parameters; one statement, one round trip.
    handle.createQuery("SELECT set_config('hnsw.iterative_scan', :scan, true) AS scan,"
            + " set_config('hnsw.ef_search', :ef, true) AS ef")
        .bind("scan", "strict_order")
        .bind("ef", Integer.toString(efSearch))
        .mapToMap()
        .one();
  }

  static void checkQuery(float[] query) {
    if (query.length != RagTables.EMBEDDING_DIMENSIONS) {
      throw new IllegalArgumentException(
          "query has " + query.length + " dimensions, the read model holds " + RagTables.EMBEDDING_DIMENSIONS);
    }
    for (float value : query) {
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException("query has a non-finite value");
      }
    }
  }


}
