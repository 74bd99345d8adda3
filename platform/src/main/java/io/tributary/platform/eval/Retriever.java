package io.tributary.platform.eval;

import java.util.List;

/** One way of answering a question with documents, measured by {@code tributary eval retrieval}. */
public interface Retriever {

  /** How the retriever is named in the report, e.g. {@code tributary hybrid}. */
  String name();

  /**
   * The names ({@link CorpusDocument#name()}) of the best documents for {@code question}, best
   * first, each once, at most {@code documents} of them.
   */
  List<String> rank(String question, int documents);
}
