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
import org.jdbi.v3.core.statement.Query;

/**
 * Searches the chunks of one tenant by vector (pgvector cosine over HNSW), keyword (Postgres
 * full text, scored by BM25 unless tuned otherwise) or hybrid: both candidate lists fused in one
 * SQL statement. {@link SearchTuning} holds the ranking choices.
 */
public final class ChunkSearch {

  /** Largest topK accepted: pgvector's cap on {@code hnsw.ef_search}. */
  public static final int MAX_TOP_K = 1000;

  /**
   * Fewest HNSW candidates per search. pgvector's default (40) measured recall@10 between 0.93
   * and 0.99 on clustered MiniLM embeddings in {@code tributary bench query}; a longer candidate
   * list trades a little latency for recall.
   */
  static final int MIN_EF_SEARCH = 100;

  // Each CTE keeps the index-driven scan on rag.chunks alone; documents only decorate the final rows.
  // <filter>, <tsquery> and <fusion> are jdbi attributes (define), filled from the fixed fragments
  // below; values are always bound. The template engine leaves pgvector's <=> alone: it only
  // replaces a name in angle brackets.
  private static final String VECTOR_CANDIDATES =
      """
      vec_scan AS (
          SELECT c.document_id, c.chunk_index, c.embedding <=> :query AS distance
          FROM rag.chunks c
          WHERE c.tenant = :tenant <filter>
          ORDER BY c.embedding <=> :query
          LIMIT :candidates
      ), vec AS (
          SELECT document_id, chunk_index, 1 - distance AS vector_score,
                 row_number() OVER (ORDER BY distance, document_id, chunk_index) AS vector_rank
          FROM vec_scan
      )""";

  private static final String DECORATE =
      """
      SELECT r.document_id, d.title, d.source, r.chunk_index, c.text, c.heading_path, c.char_start, c.char_end,
             r.score, r.vector_score, r.keyword_score, r.hybrid_score
      FROM ranked r
      JOIN rag.chunks c ON c.tenant = :tenant AND c.document_id = r.document_id AND c.chunk_index = r.chunk_index
      JOIN rag.documents d ON d.tenant = :tenant AND d.document_id = r.document_id
      WHERE d.tenant = :tenant AND c.tenant = :tenant AND r.score >= :minScore
      ORDER BY r.score DESC, r.document_id, r.chunk_index
      LIMIT :topK
      """;

  private static final String VECTOR_SQL =
      "WITH " + VECTOR_CANDIDATES + """
      , ranked AS (
          SELECT document_id, chunk_index, vector_score AS score, vector_score,
                 CAST(NULL AS double precision) AS keyword_score, CAST(NULL AS double precision) AS hybrid_score
          FROM vec
      )
      """ + DECORATE;

  private static final String KEYWORD_RANKED =
      """
      , ranked AS (
          SELECT document_id, chunk_index, CAST(keyword_score AS double precision) AS score,
                 CAST(NULL AS double precision) AS vector_score, CAST(keyword_score AS double precision) AS keyword_score,
                 CAST(NULL AS double precision) AS hybrid_score
          FROM kw
      )
      """;

  private static final String HYBRID_RANKED =
      """
      , fused AS (
          SELECT coalesce(v.document_id, k.document_id) AS document_id,
                 coalesce(v.chunk_index, k.chunk_index) AS chunk_index,
                 v.vector_score, CAST(k.keyword_score AS double precision) AS keyword_score,
                 <fusion> AS hybrid_score
          FROM vec v
          FULL OUTER JOIN kw k ON k.document_id = v.document_id AND k.chunk_index = v.chunk_index
      ), ranked AS (
          SELECT document_id, chunk_index, CAST(hybrid_score AS double precision) AS score, vector_score,
                 keyword_score, CAST(hybrid_score AS double precision) AS hybrid_score
          FROM fused
      )
      """;

  /** Every query word must occur (websearch syntax: quotes, {@code or}, {@code -word}). */
  private static final String ALL_WORDS = "websearch_to_tsquery('english', :text)";
  /** The same words, any of which may occur: ts_rank_cd then prefers chunks with more of them, closer. */
  private static final String ANY_WORD =
      "CAST(NULLIF(replace(CAST(websearch_to_tsquery('english', :text) AS text), ' & ', ' | '), '') AS tsquery)";
  private static final String RANK_FUSION =
      ":wv * coalesce(1.0 / (:rrfK + v.vector_rank), 0) + :wk * coalesce(1.0 / (:rrfK + k.keyword_rank), 0)";
  // The keyword score has no fixed scale: divided by the best candidate's, it is in [0, 1] like a cosine.
  private static final String SCORE_FUSION = ":wv * coalesce(v.vector_score, 0)"
      + " + :wk * coalesce(k.keyword_score / NULLIF(max(k.keyword_score) OVER (), 0), 0)";
  // A question's words often sit in a neighbouring chunk of the answer (its heading, its first
  // lines): every chunk of a document gets the best keyword score of the document's candidates.
  private static final String DOCUMENT_SCORE_FUSION = ":wv * coalesce(v.vector_score, 0)"
      + " + :wk * coalesce(max(k.keyword_score) OVER (PARTITION BY coalesce(v.document_id, k.document_id))"
      + " / NULLIF(max(k.keyword_score) OVER (), 0), 0)";
  private static final String ABSOLUTE_SCORE_FUSION =
      ":wv * coalesce(v.vector_score, 0) + :wk * coalesce(k.keyword_score, 0)";

  private final Jdbi jdbi;
  private final SearchTuning tuning;
  private final String tsquery;
  private final String fusion;
  private final String keywordSql;
  private final String hybridSql;

  /** A search ranking with {@link SearchTuning#DEFAULTS}. */
  public ChunkSearch(Jdbi jdbi) {
    this(jdbi, SearchTuning.DEFAULTS);
  }

  public ChunkSearch(Jdbi jdbi, SearchTuning tuning) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.tuning = requireNonNull(tuning, "tuning");
    this.tsquery = tuning.keywordMatch() == SearchTuning.KeywordMatch.ALL ? ALL_WORDS : ANY_WORD;
    this.fusion = switch (tuning.fusion()) {
      case RRF -> RANK_FUSION;
      case SCORE -> SCORE_FUSION;
      case DOCUMENT_SCORE -> DOCUMENT_SCORE_FUSION;
      case ABSOLUTE_SCORE -> ABSOLUTE_SCORE_FUSION;
    };
    String keywordCandidates = KeywordCandidates.of(tuning.keywordScore());
    this.keywordSql = "WITH " + keywordCandidates + KEYWORD_RANKED + DECORATE;
    this.hybridSql = "WITH " + VECTOR_CANDIDATES + ", " + keywordCandidates + HYBRID_RANKED + DECORATE;
  }

  /** The best {@code query.topK()} chunks of the query's tenant, best first. */
  public List<RankedChunk> search(ChunkQuery query) {
    requireNonNull(query, "query");
    int candidates = query.mode() == SearchMode.HYBRID
        ? Math.min(MAX_TOP_K, Math.max(tuning.minCandidates(), 2 * query.topK()))
        : query.topK();
    String sql = switch (query.mode()) {
      case VECTOR -> VECTOR_SQL;
      case KEYWORD -> keywordSql;
      case HYBRID -> hybridSql;
    };
    String filter = query.filters().restricts()
        ? " AND c.document_id IN (SELECT d.document_id FROM rag.documents d WHERE d.tenant = :tenant"
            + FilterClause.on("d", query.filters()) + ")"
        : "";
    // Any-word matching ORs the words, so exclusions must be applied apart (KeywordText).
    KeywordText keywords = query.mode() != SearchMode.VECTOR && tuning.keywordMatch() == SearchTuning.KeywordMatch.ANY
        ? KeywordText.parse(query.text()) : null;
    String exclusion = keywords != null && keywords.excludes()
        ? " AND NOT (c.tsv @@ websearch_to_tsquery('english', :excluded))" : "";
    return jdbi.inTransaction(handle -> {
      if (query.mode().usesVector()) {
        tuneIndexScan(handle, candidates);
      }
      Query select = handle.createQuery(sql)
          .define("filter", filter)
          .define("exclusion", exclusion)
          .define("tsquery", tsquery)
          .define("fusion", fusion)
          .bind("tenant", query.tenant())
          .bind("candidates", candidates)
          .bind("topK", query.topK())
          // -1 means "no floor": rounding can put an opposite vector a hair below -1.
          .bind("minScore", query.minScore() <= -1.0 ? -2.0 : query.minScore());
      if (query.mode().usesVector()) {
        select.bind("query", new PGvector(query.vector()));
      }
      if (query.mode() != SearchMode.VECTOR) {
        select.bind("text", keywords == null ? query.text() : keywords.positive());
        if (!exclusion.isEmpty()) {
          select.bind("excluded", keywords.excluded());
        }
        if (tuning.keywordScore() == SearchTuning.KeywordScore.TS_RANK_CD) {
          select.bind("norm", tuning.rankNormalization());
        }
      }
      if (query.mode() == SearchMode.HYBRID) {
        select.bind("wv", tuning.vectorWeight()).bind("wk", tuning.keywordWeight());
        if (tuning.fusion() == SearchTuning.Fusion.RRF) {
          select.bind("rrfK", tuning.rrfK());
        }
      }
      return FilterClause.bind(select, query.filters()).map((rs, ctx) -> chunk(rs)).list();
    });
  }

  /** Transaction-local index settings: nothing leaks to the next user of the pooled connection. */
  private static void tuneIndexScan(Handle handle, int candidates) {
    // Without iterative scans HNSW filters tenant AFTER collecting ef_search candidates, so a small
    // tenant beside a large one would get fewer than topK hits, or none (pgvector >= 0.8).
    int efSearch = Math.min(MAX_TOP_K, Math.max(MIN_EF_SEARCH, 2 * candidates));
    // set_config(..., true) is SET LOCAL with bind parameters; one statement, one round trip.
    handle.createQuery("SELECT set_config('hnsw.iterative_scan', :scan, true) AS scan,"
            + " set_config('hnsw.ef_search', :ef, true) AS ef")
        .bind("scan", "strict_order")
        .bind("ef", Integer.toString(efSearch))
        .mapToMap()
        .one();
  }

  private static RankedChunk chunk(ResultSet rs) throws SQLException {
    return new RankedChunk(
        rs.getString("document_id"),
        rs.getString("title"),
        rs.getString("source"),
        rs.getInt("chunk_index"),
        rs.getString("text"),
        headingPath(rs.getArray("heading_path")),
        rs.getInt("char_start"),
        rs.getInt("char_end"),
        rs.getDouble("score"),
        nullable(rs, "vector_score"),
        nullable(rs, "keyword_score"),
        nullable(rs, "hybrid_score"));
  }

  private static Double nullable(ResultSet rs, String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }

  private static List<String> headingPath(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
