package io.tributary.streams.pipeline;

import io.tributary.schemas.documents.ContentHash;
import static java.util.Objects.requireNonNull;

/**
 * The latest embedded version of a document, as kept in the {@code document-versions} store.
 *
 * @param version monotonic per document id, from 1
 * @param contentHash {@link ContentHash} of that version
 * @param describedHash {@link ContentHash#described} of that version: title, source, metadata;
 *     {@code null} in entries written before it was kept (such an entry always makes a new version)
 */
public record DocumentVersion(long version, String contentHash, String describedHash) {

  public DocumentVersion {
    requireNonNull(contentHash, "contentHash");
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + version);
    }
  }
}
