package io.tributary.projections.documents;

import java.time.Instant;

/**
 * One document's indexing state for its tenant.
 *
 * @param indexed the projected document, null when none is projected
 * @param failure the dead letter of the latest submission, null unless {@code status} is FAILED
 * @param acceptedAt when the API accepted the latest submission, null when it was not submitted through the API
 */
public record DocumentState(String documentId, IndexingStatus status, DocumentSummary indexed, Failure failure,
    Instant acceptedAt) {

  /** Why the pipeline refused a submission: the dead-letter record's code and message. */
  public record Failure(String code, String message, Instant failedAt) {}
}
