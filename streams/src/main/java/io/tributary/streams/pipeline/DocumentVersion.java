package io.tributary.streams.pipeline;

import io.tributary.schemas.documents.ContentHash;
import static java.util.Objects.requireNonNull;

/**
 * The latest embedded version of a document, as kept in the {@code document-versions} store.
 *
 * @param version monotonic per document id, from 1
 * @param contentHash {@link ContentHash} of that version
 */
public record DocumentVersion(long version, String contentHash) {

  public DocumentVersion {
    requireNonNull(contentHash, "contentHash");
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + version);
    }
  }
}
