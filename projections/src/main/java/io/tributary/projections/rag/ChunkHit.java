package io.tributary.projections.rag;

import java.util.List;

/**
 * One chunk found by a search, with its document's title and source for display and citation.
 *
 * @param similarity cosine similarity to the query, {@code 1 - cosine distance}: 1 is identical
 */
public record ChunkHit(
    String documentId,
    String title,
    String source,
    int chunkIndex,
    String text,
    List<String> headingPath,
    int charStart,
    int charEnd,
    double similarity) {

  public ChunkHit {
    headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
  }
}
