package io.tributary.streams.pipeline;

import io.tributary.schemas.documents.EmbeddedDocument;

/** What the pipeline makes of one submitted record; each kind goes to its own topic. */
sealed interface Outcome {

  /** A new document version for {@code docs.embedded.v1}; {@code null} document = tombstone. */
  record Publish(EmbeddedDocument document) implements Outcome {}

  /**
   * An accepted submission for {@code docs.accepted.v1}: the document JSON without its envelope;
   * {@code null} = an accepted tombstone.
   */
  record Accept(byte[] document) implements Outcome {}

  /** The original record, unchanged, for the dead-letter topic. */
  record DeadLetter(byte[] key, byte[] value) implements Outcome {}
}
