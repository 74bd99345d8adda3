package io.tributary.schemas.documents;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A document as submitted to {@code docs.submitted.v1}: the replayable source of truth.
 *
 * <p>Optional fields get defaults here so that every consumer sees the same values. Exactly one
 * of {@code text} (text formats) and {@code contentBase64} (binary formats such as PDF, or text
 * in bytes) is set.
 *
 * @param chunking chunking strategy asked for by the producer ({@code markdown}, {@code
 *     paragraph}, {@code window}); {@code null} lets the content type decide
 * @param contentBase64 the document's bytes, base64; {@code null} when {@code text} is set
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmittedDocument(
    String id,
    String tenant,
    String title,
    String source,
    String contentType,
    String text,
    Map<String, String> metadata,
    Instant submittedAt,
    String chunking,
    String contentBase64) {

  /** Tenant used when a producer does not name one. */
  public static final String DEFAULT_TENANT = "default";

  /** Content type used when a producer does not name one. */
  public static final String DEFAULT_CONTENT_TYPE = "text/plain";

  public SubmittedDocument {
    requireNonNull(id, "id");
    if ((text == null) == (contentBase64 == null)) {
      throw new IllegalArgumentException("exactly one of text and contentBase64 must be set");
    }
    tenant = tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant;
    title = title == null ? "" : title;
    source = source == null ? "" : source;
    contentType = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A text document with the content type deciding the chunking. */
  public SubmittedDocument(
      String id,
      String tenant,
      String title,
      String source,
      String contentType,
      String text,
      Map<String, String> metadata,
      Instant submittedAt) {
    this(id, tenant, title, source, contentType, text, metadata, submittedAt, null, null);
  }
}
