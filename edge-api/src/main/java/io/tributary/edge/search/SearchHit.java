package io.tributary.edge.search;

import io.tributary.projections.rag.RankedChunk;
import java.util.List;

/**
 * One hit as the API shows it.
 *
 * @param score the score of the requested mode (hits are ordered by it)
 * @param similarity cosine similarity to the query when matched by vector, else null
 * @param scores the score of every way the chunk was matched; null where it was not
 */
public record SearchHit(String documentId, String title, String source, int chunkIndex, String text,
    List<String> headingPath, int charStart, int charEnd, double score, Double similarity, Scores scores) {

  /** Scores per mode. */
  public record Scores(Double vector, Double keyword, Double hybrid) {}

  static SearchHit of(RankedChunk hit) {
    return new SearchHit(hit.documentId(), hit.title(), hit.source(), hit.chunkIndex(), hit.text(),
        hit.headingPath(), hit.charStart(), hit.charEnd(), hit.score(), hit.vectorScore(),
        new Scores(hit.vectorScore(), hit.keywordScore(), hit.hybridScore()));
  }
}
