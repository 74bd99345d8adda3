package io.tributary.platform.eval;

import io.tributary.projections.rag.SearchMode;
import io.tributary.projections.rag.SearchTuning;
import io.tributary.projections.rag.SearchTuning.Fusion;
import io.tributary.projections.rag.SearchTuning.KeywordMatch;
import io.tributary.projections.rag.SearchTuning.KeywordScore;
import java.io.PrintWriter;

/** The ranking variants {@code eval retrieval --sweep} scores, one change from a baseline at a time. */
public final class TuningSweep {

  private TuningSweep() {}

  /** Scores keyword and hybrid variants of {@link SearchTuning#DEFAULTS} and of the tunings before it. */
  public static void run(InProcessIndex index, RetrievalRun run, PrintWriter out) {
    out.println("sweep (defaults: " + SearchTuning.DEFAULTS.describe() + ")");
    measure(index, run, SearchMode.KEYWORD, SearchTuning.BEFORE_EVALUATION, "before evaluation");
    measure(index, run, SearchMode.HYBRID, SearchTuning.BEFORE_EVALUATION, "before evaluation");
    tsRankVariants(index, run, out);
    bm25Variants(index, run, out);
  }

  /** The ts_rank_cd sweep that chose {@link SearchTuning#BEFORE_BM25}, and absolute keyword scales. */
  private static void tsRankVariants(InProcessIndex index, RetrievalRun run, PrintWriter out) {
    SearchTuning base = SearchTuning.BEFORE_BM25;
    out.println("ts_rank_cd (before bm25: " + base.describe() + ")");
    for (KeywordMatch match : KeywordMatch.values()) {
      for (int norm : new int[] {0, 1, 2, 4, 32}) {
        measure(index, run, SearchMode.KEYWORD, base.withKeywordMatch(match).withRankNormalization(norm), null);
      }
    }
    measure(index, run, SearchMode.HYBRID, base.withKeywordMatch(KeywordMatch.ALL), null);
    for (int k : new int[] {5, 20, 60, 120}) {
      measure(index, run, SearchMode.HYBRID, base.withFusion(Fusion.RRF).withRrfK(k).withWeights(1.0, 0.5), null);
    }
    for (int norm : new int[] {1, 32}) {
      for (double keyword : new double[] {0.05, 0.1, 0.2, 0.3, 0.5}) {
        measure(index, run, SearchMode.HYBRID, base.withRankNormalization(norm).withWeights(1.0, keyword), null);
      }
    }
    // rank/(rank+1) is already in [0, 1]: a weak match moves a chunk little, whatever the best match is.
    for (int norm : new int[] {32, 33}) {
      for (double keyword : new double[] {0.05, 0.1, 0.2}) {
        measure(index, run, SearchMode.HYBRID,
            base.withFusion(Fusion.ABSOLUTE_SCORE).withRankNormalization(norm).withWeights(1.0, keyword), null);
      }
    }
  }

  /** BM25 keyword scores, fused per chunk and per document. */
  private static void bm25Variants(InProcessIndex index, RetrievalRun run, PrintWriter out) {
    SearchTuning base = SearchTuning.DEFAULTS;
    out.println("bm25 (defaults)");
    measure(index, run, SearchMode.KEYWORD, base.withKeywordMatch(KeywordMatch.ALL), null);
    for (Fusion fusion : new Fusion[] {Fusion.SCORE, Fusion.DOCUMENT_SCORE}) {
      for (double keyword : new double[] {0.05, 0.1, 0.15, 0.2}) {
        measure(index, run, SearchMode.HYBRID, base.withFusion(fusion).withWeights(1.0, keyword), null);
      }
    }
    measure(index, run, SearchMode.HYBRID, base.withFusion(Fusion.RRF).withRrfK(60).withWeights(1.0, 0.25), null);
    for (int candidates : new int[] {200}) {
      measure(index, run, SearchMode.HYBRID, base.withMinCandidates(candidates), null);
    }
    measure(index, run, SearchMode.HYBRID, base.withKeywordScore(KeywordScore.TS_RANK_CD), null);
  }

  private static void measure(InProcessIndex index, RetrievalRun run, SearchMode mode, SearchTuning tuning,
      String label) {
    String name = mode.wireName() + " " + (label != null ? label : tuning.describe());
    run.measure(index.retriever(name, mode, tuning));
  }
}
