package io.tributary.platform.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * hit@1/5/10, MRR@10 and nDCG@10 of one retriever over a set, with one relevant document per
 * question, and the p50 latency of its answers. Not thread-safe.
 */
public final class RetrievalScores {

  /** Documents a ranking is cut to. */
  public static final int DEPTH = 10;

  private int questions;
  private int hit1;
  private int hit5;
  private int hit10;
  private double reciprocalRanks;
  private double gains;
  private final List<Long> nanos = new ArrayList<>();

  /**
   * Adds one answer: {@code ranking} (distinct document names, best first) for a question answered
   * by {@code expected}, which took {@code elapsedNanos}.
   */
  public void add(List<String> ranking, String expected, long elapsedNanos) {
    questions++;
    nanos.add(elapsedNanos);
    int rank = ranking.indexOf(expected) + 1;
    if (rank < 1 || rank > DEPTH) {
      return;
    }
    hit1 += rank == 1 ? 1 : 0;
    hit5 += rank <= 5 ? 1 : 0;
    hit10++;
    reciprocalRanks += 1.0 / rank;
    // One relevant document: the ideal DCG is 1, so nDCG is the discounted gain at its rank.
    gains += 1.0 / (Math.log(rank + 1) / Math.log(2));
  }

  public int questions() {
    return questions;
  }

  public double hitAt1() {
    return ratio(hit1);
  }

  public double hitAt5() {
    return ratio(hit5);
  }

  public double hitAt10() {
    return ratio(hit10);
  }

  public double mrrAt10() {
    return questions == 0 ? 0 : reciprocalRanks / questions;
  }

  public double ndcgAt10() {
    return questions == 0 ? 0 : gains / questions;
  }

  /** Median answer time in milliseconds (the lower middle for an even count). */
  public double p50Millis() {
    if (nanos.isEmpty()) {
      return 0;
    }
    List<Long> sorted = nanos.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2) / 1e6;
  }

  private double ratio(int count) {
    return questions == 0 ? 0 : (double) count / questions;
  }
}
