package io.tributary.projections.rag;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Read side of the rag model: nearest chunks of one tenant to a query vector. */
public final class RagSearch {

  /** Largest topK accepted: pgvector's cap on {@code hnsw.ef_search}. */
  public static final int MAX_TOP_K = 1000;

  /** Up to this topK pgvector's default {@code hnsw.ef_search} (40) is enough candidates. */
  static final int DEFAULT_EF_SEARCH = 40;

  /** Candidate list used when topK exceeds the default. */
  static final int RAISED_EF_SEARCH = 64;

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
    setLocal(handle, "hnsw.iterative_scan", "strict_order");
    if (topK > DEFAULT_EF_SEARCH) {
      setLocal(handle, "hnsw.ef_search", Integer.toString(Math.max(RAISED_EF_SEARCH, topK)));
    }
  }

  private static void setLocal(Handle handle, String name, String value) {
    // set_config(..., true) is SET LOCAL with bind parameters.
    handle.createQuery("SELECT set_config(:name, :value, true)")
        .bind("name", name)
        .bind("value", value)
        .mapTo(String.class)
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
