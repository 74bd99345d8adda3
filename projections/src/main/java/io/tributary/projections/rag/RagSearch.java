package io.tributary.projections.rag;

import static java.util.Objects.requireNonNull;

import com.pgvector.PGvector;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
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

  // The kNN runs on rag.chunks alone so the HNSW index drives it; the join only decorates the k rows.
  private static final String NEAREST_CHUNKS =
      """
      WITH nearest AS (
          SELECT document_id, chunk_index, text, heading_path, char_start, char_end,
                 embedding <=> :query AS distance
          FROM rag.chunks
          WHERE tenant = :tenant
          ORDER BY embedding <=> :query
          LIMIT :topK
      )
      SELECT n.document_id, d.title, d.source, n.chunk_index, n.text, n.heading_path,
             n.char_start, n.char_end, 1 - n.distance AS similarity
      FROM nearest n
      JOIN rag.documents d ON d.document_id = n.document_id
      ORDER BY n.distance, n.document_id, n.chunk_index
      """;

  private final Jdbi jdbi;

  /** A search over the database behind {@code jdbi} (see {@link io.tributary.projections.db.Database}). */
  public RagSearch(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
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
    PGvector vector = new PGvector(query);
    return jdbi.inTransaction(
        handle -> {
          tuneIndexScan(handle, topK);
          return handle
              .createQuery(NEAREST_CHUNKS)
              .bind("tenant", tenant)
              .bind("query", vector)
              .bind("topK", topK)
              .map((rs, ctx) -> hit(rs))
              .list();
        });
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

  private static ChunkHit hit(ResultSet rs) throws SQLException {
    return new ChunkHit(
        rs.getString("document_id"),
        rs.getString("title"),
        rs.getString("source"),
        rs.getInt("chunk_index"),
        rs.getString("text"),
        headingPath(rs.getArray("heading_path")),
        rs.getInt("char_start"),
        rs.getInt("char_end"),
        rs.getDouble("similarity"));
  }

  private static List<String> headingPath(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
