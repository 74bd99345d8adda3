package io.tributary.platform.eval;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.rag.ChunkQuery;
import io.tributary.projections.rag.ChunkSearch;
import io.tributary.projections.rag.DocumentFilters;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.rag.RankedChunk;
import io.tributary.projections.rag.SearchMode;
import io.tributary.projections.rag.SearchTuning;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topics;
import io.tributary.embedding.Embedder;
import io.tributary.streams.pipeline.DocumentEmbedding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A corpus chunked and embedded exactly as the pipeline does, projected by the rag projection into
 * a scratch database, and searched with the API's SQL: Tributary in process, no broker needed.
 */
public final class InProcessIndex implements AutoCloseable {

  /** Chunks fetched per search before they are folded into documents. */
  static final int CHUNK_DEPTH = 50;

  private final Database database;
  private final Embedder embedder;
  private final String tenant;
  private final Map<String, String> names = new HashMap<>();
  private int chunks;

  private InProcessIndex(Database database, Embedder embedder, String tenant) {
    this.database = database;
    this.embedder = embedder;
    this.tenant = tenant;
  }

  /** Loads {@code corpus} (one tenant) through {@code embedding} into {@code scratch}, which the caller closes. */
  public static InProcessIndex load(List<CorpusDocument> corpus, Embedder embedder, DocumentEmbedding embedding,
      ScratchDatabase scratch) {
    requireNonNull(corpus, "corpus");
    if (corpus.isEmpty()) {
      throw new IllegalArgumentException("the corpus is empty");
    }
    Database database = new Database(scratch.jdbcUrl());
    try {
      Migrations.apply(database.dataSource());
      InProcessIndex index = new InProcessIndex(database, embedder, corpus.getFirst().document().tenant());
      index.project(corpus, embedding);
      return index;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private void project(List<CorpusDocument> corpus, DocumentEmbedding embedding) {
    List<ConsumerRecord<String, EmbeddedDocument>> records = new ArrayList<>();
    for (CorpusDocument document : corpus) {
      EmbeddedDocument embedded = embedding.embed(document.document());
      names.put(embedded.id(), document.name());
      chunks += embedded.chunks().size();
      records.add(new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, records.size(), embedded.id(), embedded));
    }
    RagProjection projection = new RagProjection();
    database.jdbi().useTransaction(handle -> projection.apply(handle, records));
    database.jdbi().useHandle(handle -> handle.execute("ANALYZE"));
  }

  /** Chunks the corpus was cut into. */
  public int chunks() {
    return chunks;
  }

  /** A retriever for {@code mode} ranking with {@code tuning}, named {@code name}. */
  public Retriever retriever(String name, SearchMode mode, SearchTuning tuning) {
    ChunkSearch search = new ChunkSearch(database.jdbi(), tuning);
    return new Retriever() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<String> rank(String question, int documents) {
        float[] vector = mode.usesVector() ? embedder.embed(List.of(question)).getFirst() : null;
        List<RankedChunk> hits = search.search(
            new ChunkQuery(tenant, mode, question, vector, CHUNK_DEPTH, mode == SearchMode.VECTOR ? -1.0 : 0.0,
                DocumentFilters.NONE));
        return DistinctDocuments.of(hits.stream().map(h -> names.getOrDefault(h.documentId(), h.documentId()))
            .toList(), documents);
      }
    };
  }

  @Override
  public void close() {
    database.close();
  }
}
