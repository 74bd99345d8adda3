package io.tributary.platform.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Chunk hits to a document ranking: a document takes the rank of its best chunk; later chunks of it are skipped. */
public final class DistinctDocuments {

  private DistinctDocuments() {}

  /** The first {@code limit} distinct names of {@code chunkDocuments}, in order. */
  public static List<String> of(List<String> chunkDocuments, int limit) {
    Set<String> seen = new LinkedHashSet<>();
    for (String name : chunkDocuments) {
      if (seen.size() == limit) {
        break;
      }
      seen.add(name);
    }
    return new ArrayList<>(seen);
  }
}
