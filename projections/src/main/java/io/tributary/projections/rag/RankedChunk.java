package io.tributary.projections.rag;

import java.util.List;

/**
 * One chunk found by {@link ChunkSearch}, with the score of each way it was matched.
 *
 * @param score the score of the requested mode; hits are ordered by it
 * @param vectorScore cosine similarity to the query embedding; null when not matched by vector
 * @param keywordScore BM25 (or {@code ts_rank_cd}, as tuned) of the full-text match; null when not matched by words
 * @param hybridScore the fused score ({@link SearchTuning.Fusion}); null outside hybrid mode
 */
public record RankedChunk(
    String documentId,
    String title,
    String source,
    int chunkIndex,
    String text,
    List<String> headingPath,
    int charStart,
    int charEnd,
    double score,
    Double vectorScore,
    Double keywordScore,
    Double hybridScore) {

  public RankedChunk {
    headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
  }
}
