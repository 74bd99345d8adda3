package io.tributary.platform.eval;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Puts every question of a set to a retriever and prints one line of scores per retriever. */
public final class RetrievalRun {

  private final List<EvalQuestion> questions;
  private final PrintWriter out;

  public RetrievalRun(List<EvalQuestion> questions, PrintWriter out) {
    this.questions = List.copyOf(questions);
    this.out = out;
  }

  /** The header of the table {@link #measure} prints lines of. */
  public void header() {
    out.printf(Locale.ROOT, "%-66s %6s %6s %6s %7s %8s %8s%n", "retriever", "hit@1", "hit@5", "hit@10", "MRR@10",
        "nDCG@10", "p50 ms");
  }

  /** Scores {@code retriever} on every question (after one unmeasured warm-up question) and prints them. */
  public RetrievalScores measure(Retriever retriever) {
    retriever.rank(questions.getFirst().question(), RetrievalScores.DEPTH);
    RetrievalScores scores = new RetrievalScores();
    for (EvalQuestion question : questions) {
      long start = System.nanoTime();
      List<String> ranking = retriever.rank(question.question(), RetrievalScores.DEPTH);
      scores.add(ranking, question.document(), System.nanoTime() - start);
    }
    out.printf(Locale.ROOT, "%-66s %6.3f %6.3f %6.3f %7.3f %8.3f %8.2f%n", retriever.name(), scores.hitAt1(),
        scores.hitAt5(), scores.hitAt10(), scores.mrrAt10(), scores.ndcgAt10(), scores.p50Millis());
    out.flush();
    return scores;
  }
}
