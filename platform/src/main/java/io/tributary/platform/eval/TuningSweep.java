package io.tributary.platform.eval;

import io.tributary.projections.rag.SearchMode;
import io.tributary.projections.rag.SearchTuning;
import io.tributary.projections.rag.SearchTuning.Fusion;
import io.tributary.projections.rag.SearchTuning.KeywordMatch;
import java.io.PrintWriter;

/** The ranking variants {@code eval retrieval --sweep} scores, one change from the defaults at a time. */
public final class TuningSweep {

  private TuningSweep() {}

  /** Scores keyword and hybrid variants of {@link SearchTuning#DEFAULTS} on {@code index}. */
  public static void run(InProcessIndex index, RetrievalRun run, PrintWriter out) {
    SearchTuning base = SearchTuning.DEFAULTS;
    out.println("sweep (defaults: " + base.describe() + ")");
    measure(index, run, SearchMode.KEYWORD, SearchTuning.BEFORE_EVALUATION, "before evaluation");
    measure(index, run, SearchMode.HYBRID, SearchTuning.BEFORE_EVALUATION, "before evaluation");
    for (KeywordMatch match : KeywordMatch.values()) {
      for (int norm : new int[] {0, 1, 2, 4, 32}) {
        measure(index, run, SearchMode.KEYWORD, base.withKeywordMatch(match).withRankNormalization(norm), null);
      }
    }
    measure(index, run, SearchMode.HYBRID, base.withKeywordMatch(KeywordMatch.ALL), null);
    for (int k : new int[] {5, 20, 60, 120}) {
      measure(index, run, SearchMode.HYBRID, base.withRrfK(k), null);
    }
    for (double keyword : new double[] {0.25, 0.5, 0.75, 1.0}) {
      measure(index, run, SearchMode.HYBRID, base.withWeights(1.0, keyword), null);
    }
    for (int candidates : new int[] {20, 40, 100, 200}) {
      measure(index, run, SearchMode.HYBRID, base.withMinCandidates(candidates), null);
    }
    for (int norm : new int[] {1, 32}) {
      for (double keyword : new double[] {0.05, 0.1, 0.15, 0.2, 0.3, 0.5}) {
        measure(index, run, SearchMode.HYBRID,
            base.withFusion(Fusion.SCORE).withRankNormalization(norm).withWeights(1.0, keyword), null);
      }
    }
  }

  private static void measure(InProcessIndex index, RetrievalRun run, SearchMode mode, SearchTuning tuning,
      String label) {
    String name = mode.wireName() + " " + (label != null ? label : tuning.describe());
    run.measure(index.retriever(name, mode, tuning));
  }
}
