package io.tributary.projections.documents;

import java.util.List;

/** One chunk of a document with its provenance, without the embedding. */
public record ChunkView(int chunkIndex, String text, List<String> headingPath, int charStart, int charEnd) {

  public ChunkView {
    headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
  }
}
