package io.tributary.projections.rag;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Restricts searches and listings to some documents; null or empty parts do not restrict.
 *
 * @param source exact {@code source} of the document
 * @param metadata key/value pairs the document's metadata must all contain
 * @param ingestedAfter inclusive lower bound of {@code submitted_at}
 * @param ingestedBefore exclusive upper bound of {@code submitted_at}
 */
public record DocumentFilters(String source, Map<String, String> metadata, Instant ingestedAfter,
    Instant ingestedBefore) {

  /** No restriction. */
  public static final DocumentFilters NONE = new DocumentFilters(null, Map.of(), null, null);

  public DocumentFilters {
    // Sorted, so equal filters serialise equally (cache keys).
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
  }

  /** Whether any part restricts. */
  public boolean restricts() {
    return source != null || !metadata.isEmpty() || ingestedAfter != null || ingestedBefore != null;
  }
}
