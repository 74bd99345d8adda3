package io.tributary.eval;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.tributary.platform.eval.CorpusDocument;
import io.tributary.platform.eval.DistinctDocuments;
import io.tributary.platform.eval.RetrievalPeer;
import io.tributary.platform.eval.Retriever;
import java.util.List;

/**
 * A plain LangChain4j setup with the same model (all-MiniLM-L6-v2, quantized): documents through
 * {@link EmbeddingStoreIngestor} into an {@link InMemoryEmbeddingStore}, questions answered by the
 * store's nearest segments. Two ingestions: the ingestor's own default (no splitter on the class
 * path, so each document is one segment) and a recursive splitter of about the size easy-rag
 * configures by default (300 tokens with 30 overlap, taken as 1200 and 120 characters).
 */
public final class LangChain4jPeer implements RetrievalPeer {

  /** Segments fetched per question before they are folded into documents. */
  static final int SEGMENT_DEPTH = 50;

  private static final String NAME = "name";

  @Override
  public String name() {
    return "langchain4j";
  }

  @Override
  public Index index(List<CorpusDocument> corpus) {
    EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    List<Document> documents = corpus.stream()
        .map(d -> Document.from(d.document().text(), Metadata.from(NAME, d.name())))
        .toList();
    Retriever whole = ingest("peer langchain4j ingestor default (no splitter)", model, documents, null);
    Retriever recursive = ingest("peer langchain4j recursive(1200 chars, 120)", model, documents,
        DocumentSplitters.recursive(1200, 120));
    return () -> List.of(whole, recursive);
  }

  private static Retriever ingest(String name, EmbeddingModel model, List<Document> documents,
      DocumentSplitter splitter) {
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    EmbeddingStoreIngestor.Builder builder = EmbeddingStoreIngestor.builder().embeddingModel(model).embeddingStore(store);
    if (splitter != null) {
      builder.documentSplitter(splitter);
    }
    builder.build().ingest(documents);
    return new Retriever() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<String> rank(String question, int limit) {
        EmbeddingSearchRequest request = EmbeddingSearchRequest.builder()
            .queryEmbedding(model.embed(question).content()).maxResults(SEGMENT_DEPTH).build();
        return DistinctDocuments.of(store.search(request).matches().stream()
            .map(match -> match.embedded().metadata().getString(NAME)).toList(), limit);
      }
    };
  }
}
