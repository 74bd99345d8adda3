package io.tributary.projections.rag;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * How keyword and hybrid searches rank; the defaults are the best measured on the shipped
 * evaluation sets (docs/quality.md, ADR 0020).
 *
 * @param keywordMatch {@code ALL}: a chunk must contain every query word (websearch syntax);
 *     {@code ANY}: any of them, ranked by how many and how close
 * @param keywordScore how a matching chunk is scored: {@code TS_RANK_CD} (cover density, every word
 *     counts the same) or {@code BM25} (rare words count more, repeats saturate; a word's document
 *     frequency is counted over the matching chunks, which is exact for {@code ANY})
 * @param rankNormalization the {@code ts_rank_cd} normalisation bit mask (0 = none, 1 = divide by
 *     1 + log of the length, 2 = by the length, 4 = by the mean harmonic distance, 32 = rank/(rank+1));
 *     unused by BM25
 * @param fusion how the two candidate lists of a hybrid search become one, see {@link Fusion}
 * @param rrfK the k of reciprocal rank fusion, {@code 1 / (k + rank)}
 * @param vectorWeight weight of the vector list in the fusion
 * @param keywordWeight weight of the keyword list in the fusion
 * @param minCandidates fewest candidates each list contributes to a hybrid fusion (at least 2 · topK)
 */
public record SearchTuning(KeywordMatch keywordMatch, KeywordScore keywordScore, int rankNormalization,
    Fusion fusion, int rrfK, double vectorWeight, double keywordWeight, int minCandidates) {

  /** Whether a keyword candidate needs every query word or any. */
  public enum KeywordMatch { ALL, ANY }

  /** How a chunk that matches the query's words is scored. */
  public enum KeywordScore { TS_RANK_CD, BM25 }

  /** How the two candidate lists of a hybrid search become one. */
  public enum Fusion {
    /** Reciprocal rank fusion. */
    RRF,
    /** Cosine plus the weighted keyword score of the chunk divided by the best among the candidates. */
    SCORE,
    /** As {@link #SCORE}, with the best keyword score of any candidate chunk of the same document. */
    DOCUMENT_SCORE,
    /** Cosine plus the weighted keyword score as it is: for scores already in [0, 1] (normalisation 32). */
    ABSOLUTE_SCORE
  }

  /** The measured defaults. */
  public static final SearchTuning DEFAULTS =
      new SearchTuning(KeywordMatch.ANY, KeywordScore.BM25, 1, Fusion.DOCUMENT_SCORE, 60, 1.0, 0.1, 40);

  /** The defaults before BM25 (kept to report the difference): ts_rank_cd, fused per chunk. */
  public static final SearchTuning BEFORE_BM25 =
      new SearchTuning(KeywordMatch.ANY, KeywordScore.TS_RANK_CD, 1, Fusion.SCORE, 60, 1.0, 0.1, 40);

  /** What searches ranked by before the evaluation (kept to report the difference). */
  public static final SearchTuning BEFORE_EVALUATION =
      new SearchTuning(KeywordMatch.ALL, KeywordScore.TS_RANK_CD, 0, Fusion.RRF, 60, 1.0, 1.0, 40);

  public SearchTuning {
    requireNonNull(keywordMatch, "keywordMatch");
    requireNonNull(keywordScore, "keywordScore");
    requireNonNull(fusion, "fusion");
    if (rankNormalization < 0 || rankNormalization > 63) {
      throw new IllegalArgumentException("rankNormalization must be a bit mask in 0..63, was " + rankNormalization);
    }
    if (rrfK < 0 || minCandidates < 1 || minCandidates > ChunkSearch.MAX_TOP_K) {
      throw new IllegalArgumentException("need rrfK >= 0 and minCandidates in 1.." + ChunkSearch.MAX_TOP_K);
    }
    if (!(vectorWeight >= 0) || !(keywordWeight >= 0) || vectorWeight + keywordWeight == 0) {
      throw new IllegalArgumentException("weights must be >= 0 and not both 0");
    }
  }

  public SearchTuning withKeywordMatch(KeywordMatch value) {
    return new SearchTuning(value, keywordScore, rankNormalization, fusion, rrfK, vectorWeight, keywordWeight,
        minCandidates);
  }

  public SearchTuning withKeywordScore(KeywordScore value) {
    return new SearchTuning(keywordMatch, value, rankNormalization, fusion, rrfK, vectorWeight, keywordWeight,
        minCandidates);
  }

  public SearchTuning withRankNormalization(int value) {
    return new SearchTuning(keywordMatch, keywordScore, value, fusion, rrfK, vectorWeight, keywordWeight,
        minCandidates);
  }

  public SearchTuning withFusion(Fusion value) {
    return new SearchTuning(keywordMatch, keywordScore, rankNormalization, value, rrfK, vectorWeight, keywordWeight,
        minCandidates);
  }

  public SearchTuning withRrfK(int value) {
    return new SearchTuning(keywordMatch, keywordScore, rankNormalization, fusion, value, vectorWeight, keywordWeight,
        minCandidates);
  }

  public SearchTuning withWeights(double vector, double keyword) {
    return new SearchTuning(keywordMatch, keywordScore, rankNormalization, fusion, rrfK, vector, keyword,
        minCandidates);
  }

  public SearchTuning withMinCandidates(int value) {
    return new SearchTuning(keywordMatch, keywordScore, rankNormalization, fusion, rrfK, vectorWeight, keywordWeight,
        value);
  }

  /** One line for reports. */
  public String describe() {
    String score = keywordScore == KeywordScore.BM25 ? "bm25" : "ts_rank_cd norm=" + rankNormalization;
    return String.format(Locale.ROOT, "match=%s %s fusion=%s k=%d w=%.2f/%.2f candidates=%d",
        keywordMatch.name().toLowerCase(Locale.ROOT), score, fusion.name().toLowerCase(Locale.ROOT), rrfK,
        vectorWeight, keywordWeight, minCandidates);
  }
}
