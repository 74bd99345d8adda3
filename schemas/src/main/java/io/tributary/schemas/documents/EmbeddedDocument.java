package io.tributary.schemas.documents;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a document, chunked and embedded, as written to {@code docs.embedded.v1}.
 *
 * <p>It carries everything the read models need, so replaying projections never re-embeds.
 *
 * @param version monotonic per document id, from 1
 * @param contentHash SHA-256 of the submitted text and content type, hex
 * @param model id of the embedding model that produced every vector of this version
 * @param dimensions length of every vector of this version
 */
public record EmbeddedDocument(
    String id,
    String tenant,
    long version,
    String contentHash,
    String title,
    String source,
    String contentType,
    Map<String, String> metadata,
    String model,
    int dimensions,
    List<EmbeddedChunk> chunks,
    Instant submittedAt,
    Instant embeddedAt) {

  public EmbeddedDocument {
    requireNonNull(id, "id");
    requireNonNull(tenant, "tenant");
    requireNonNull(contentHash, "contentHash");
    requireNonNull(model, "model");
    title = title == null ? "" : title;
    source = source == null ? "" : source;
    contentType = contentType == null ? SubmittedDocument.DEFAULT_CONTENT_TYPE : contentType;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    chunks = chunks == null ? List.of() : List.copyOf(chunks);
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + version);
    }
    if (dimensions < 1) {
      throw new IllegalArgumentException("dimensions must be >= 1, was " + dimensions);
    }
  }
}
