package io.tributary.platform.eval;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.documents.SubmittedDocument;

/**
 * A document of an evaluation corpus and the name questions refer to it by.
 *
 * @param name the document's source without its scheme ({@code file:a/b.md} is {@code a/b.md})
 */
public record CorpusDocument(String name, SubmittedDocument document) {

  public CorpusDocument {
    requireNonNull(name, "name");
    requireNonNull(document, "document");
  }

  /** The document under the name of its source. */
  public static CorpusDocument of(SubmittedDocument document) {
    return new CorpusDocument(nameOf(document.source()), document);
  }

  /** A source without its scheme: what a set's {@code document} field names. */
  public static String nameOf(String source) {
    if (source == null) {
      return "";
    }
    int colon = source.indexOf(':');
    return colon > 0 && source.substring(0, colon).matches("[a-z][a-z0-9+.-]*") ? source.substring(colon + 1) : source;
  }
}
