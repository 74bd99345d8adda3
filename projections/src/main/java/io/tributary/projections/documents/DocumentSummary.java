package io.tributary.projections.documents;

import java.time.Instant;
import java.util.Map;

/** A document of the read model as listings show it. */
public record DocumentSummary(String documentId, String title, String source, String contentType,
    Map<String, String> metadata, long version, int chunkCount, String model, Instant submittedAt,
    Instant projectedAt) {

  public DocumentSummary {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
