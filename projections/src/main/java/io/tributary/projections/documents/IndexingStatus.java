package io.tributary.projections.documents;

import java.util.Locale;

/** Where a document is on its way into the read model. */
public enum IndexingStatus {
  /** Accepted on {@code docs.submitted.v1}; the read model does not hold this submission yet. */
  PENDING,
  /** The read model holds the latest accepted content. */
  INDEXED,
  /** The pipeline sent the latest submission to the dead-letter topic. */
  FAILED;

  /** The lower-case name used in the API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
