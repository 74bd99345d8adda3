package io.tributary.platform.eval;

import static java.util.Objects.requireNonNull;

/**
 * One line of a retrieval evaluation set: a question and the document that answers it.
 *
 * @param document the answering document's name: its path relative to the corpus directory (what
 *     {@code tributary ingest} records as its source), or its document id
 */
public record EvalQuestion(String question, String document) {

  public EvalQuestion {
    requireNonNull(question, "question");
    requireNonNull(document, "document");
    if (question.isBlank() || document.isBlank()) {
      throw new IllegalArgumentException("question and document must not be blank");
    }
  }
}
