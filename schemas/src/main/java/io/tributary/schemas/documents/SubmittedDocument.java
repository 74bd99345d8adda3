package io.tributary.schemas.documents;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * A document as submitted to {@code docs.submitted.v1}: the replayable source of truth.
 *
 * <p>Optional fields get defaults here so that every consumer sees the same values.
 */
public record SubmittedDocument(
    String id,
    String tenant,
    String title,
    String source,
    String contentType,
    String text,
    Map<String, String> metadata,
    Instant submittedAt) {

  /** Tenant used when a producer does not name one. */
  public static final String DEFAULT_TENANT = "default";

  /** Content type used when a producer does not name one. */
  public static final String DEFAULT_CONTENT_TYPE = "text/plain";

  public SubmittedDocument {
    requireNonNull(id, "id");
    requireNonNull(text, "text");
    tenant = tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant;
    title = title == null ? "" : title;
    source = source == null ? "" : source;
    contentType = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
