package io.tributary.projections.documents;

import java.time.Instant;
import java.util.Map;

/**
 * A document of the read model as listings show it; {@code contentHash} is the pipeline's hash of
 * the submitted content, so a client that submitted a version can tell when that version is live.
 */
public record DocumentSummary(String documentId, String title, String source, String contentType,
    Map<String, String> metadata, long version, String contentHash, int chunkCount, String model,
    Instant submittedAt, Instant projectedAt) {

  public DocumentSummary {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
