package io.tributary.projections.rag;

/**
 * The SQL of the keyword candidate list {@code kw} (document_id, chunk_index, keyword_score,
 * keyword_rank) for each {@link SearchTuning.KeywordScore}. Both read the jdbi attributes
 * {@code <tsquery>}, {@code <filter>} and {@code <exclusion>} and bind {@code :tenant}, {@code :text},
 * {@code :candidates}.
 */
final class KeywordCandidates {

  private KeywordCandidates() {}

  /** The CTE {@code kw} for {@code score}. */
  static String of(SearchTuning.KeywordScore score) {
    return score == SearchTuning.KeywordScore.BM25 ? BM25 : TS_RANK_CD;
  }

  /** ts_rank_cd (bound {@code :norm}): every query word weighs the same, however common. */
  private static final String TS_RANK_CD =
      """
      kw AS (
          SELECT c.document_id, c.chunk_index, ts_rank_cd(c.tsv, q.tsq, :norm) AS keyword_score,
                 row_number() OVER (ORDER BY ts_rank_cd(c.tsv, q.tsq, :norm) DESC, c.document_id, c.chunk_index)
                     AS keyword_rank
          FROM rag.chunks c, <tsquery> AS q(tsq)
          WHERE c.tenant = :tenant AND c.tsv @@ q.tsq <filter> <exclusion>
          ORDER BY keyword_rank
          LIMIT :candidates
      )""";

  // BM25 (Robertson's k1 = 1.2, b = 0.75, not tuned): ts_rank_cd has no notion of how common a word
  // is, so "debian" in a Debian FAQ outranked the one rare word that named the answer. The matching
  // chunks are every chunk holding any query word, so counting them per word gives its document
  // frequency without a second scan. The length is the chunk's number of distinct words (length of
  // the tsvector), compared with the mean over the matches. setweight/ts_filter keep only the
  // query's words of a chunk, with their positions, in C rather than by unnesting every word.
  private static final String BM25 =
      """
      kw_terms AS (
          SELECT tsvector_to_array(to_tsvector('english', :text)) AS lexemes
      ), kw_match AS (
          SELECT c.document_id, c.chunk_index, CAST(length(c.tsv) AS double precision) AS words,
                 ts_filter(setweight(setweight(c.tsv, 'D'), 'A', t.lexemes), '{a}') AS hits
          FROM rag.chunks c, <tsquery> AS q(tsq), kw_terms t
          WHERE c.tenant = :tenant AND c.tsv @@ q.tsq <filter> <exclusion>
      ), kw_hit AS (
          SELECT m.document_id, m.chunk_index, m.words, h.lexeme,
                 CAST(greatest(cardinality(h.positions), 1) AS double precision) AS tf,
                 CAST(count(*) OVER (PARTITION BY h.lexeme) AS double precision) AS df
          FROM kw_match m, unnest(m.hits) AS h
      ), kw_corpus AS (
          SELECT CAST((SELECT count(*) FROM rag.chunks c WHERE c.tenant = :tenant <filter>) AS double precision) AS n,
                 (SELECT CAST(avg(words) AS double precision) FROM kw_match) AS avg_words
      ), kw_scored AS (
          SELECT h.document_id, h.chunk_index,
                 sum(ln(1 + (k.n - h.df + 0.5) / (h.df + 0.5))
                     * h.tf * 2.2 / (h.tf + 1.2 * (0.25 + 0.75 * h.words / k.avg_words))) AS keyword_score
          FROM kw_hit h, kw_corpus k
          GROUP BY h.document_id, h.chunk_index
      ), kw AS (
          SELECT document_id, chunk_index, keyword_score,
                 row_number() OVER (ORDER BY keyword_score DESC, document_id, chunk_index) AS keyword_rank
          FROM kw_scored
          ORDER BY keyword_rank
          LIMIT :candidates
      )""";
}
