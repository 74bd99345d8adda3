package io.tributary.projections.rag;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.errors.ErrorCode;

/**
 * A record of {@code docs.embedded.v1} that the rag read model can never hold as it is.
 *
 * <p>It is an {@link IllegalArgumentException} so that, until dead-lettering exists, the runner
 * rolls back and retries (the projection stalls visibly, nothing is skipped); the {@link #code()}
 * is what a dead-letter handler will put in its headers.
 */
public final class RejectedDocumentException extends IllegalArgumentException {

  private final ErrorCode code;
  private final String documentId;

  RejectedDocumentException(ErrorCode code, String documentId, String message) {
    super(message);
    this.code = requireNonNull(code, "code");
    this.documentId = documentId;
  }

  /** The stable code of the problem. */
  public ErrorCode code() {
    return code;
  }

  /** The refused document's id (the record key when the value has none). */
  public String documentId() {
    return documentId;
  }
}
