package io.tributary.platform.eval;

import java.util.List;

/**
 * Another retrieval stack measured beside Tributary in the same run. Implementations are found
 * with {@link java.util.ServiceLoader}; none ships in the product jar (the {@code eval} module
 * holds the LangChain4j one).
 */
public interface RetrievalPeer {

  /** A short name for the report. */
  String name();

  /** Ingests {@code corpus} the peer's own way and returns its retrievers; closing them frees the index. */
  Index index(List<CorpusDocument> corpus);

  /** A peer's ingested corpus. */
  interface Index extends AutoCloseable {

    /** The peer's retrievers over the corpus (usually one). */
    List<Retriever> retrievers();

    @Override
    default void close() {}
  }
}
