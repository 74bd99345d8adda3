package io.tributary.bench.ingest;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The peer: LangChain4j's {@link EmbeddingStoreIngestor} into a {@link PgVectorEmbeddingStore}
 * with the settings its documentation shows (recursive splitter of 300 characters, no overlap; the
 * stock quantized MiniLM; a new table), on the same Postgres. Timed from reading the files until
 * {@code ingest} returns, when the rows are committed and searchable.
 */
final class PeerIngestRun {

  /** The peer's table, dropped before and after the run. */
  static final String TABLE = "bench_peer_embeddings";

  private final DataSource dataSource;
  private final EmbeddedTokens tokens;

  PeerIngestRun(DataSource dataSource, EmbeddedTokens tokens) {
    this.dataSource = dataSource;
    this.tokens = tokens;
  }

  IngestMeasurement run(BenchCorpus corpus) throws Exception {
    EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    model.embed("warm up");
    EmbeddingStore<TextSegment> store = PgVectorEmbeddingStore.datasourceBuilder()
        .datasource(dataSource).table(TABLE).dimension(model.dimension())
        .createTable(true).dropTableFirst(true)
        .build();
    EmbeddingStoreIngestor ingestor = EmbeddingStoreIngestor.builder()
        .documentSplitter(DocumentSplitters.recursive(300, 0))
        .embeddingModel(model)
        .embeddingStore(store)
        .build();
    long started = System.nanoTime();
    List<Document> documents = new ArrayList<>(corpus.files().size());
    for (Path file : corpus.files()) {
      documents.add(Document.from(BenchCorpus.text(file), Metadata.from("file_name", file.getFileName().toString())));
    }
    ingestor.ingest(documents);
    double seconds = (System.nanoTime() - started) / 1e9;
    long rows = count();
    long embedded = tokens.of(dataSource, TABLE, "text");
    drop();
    return new IngestMeasurement("langchain4j", documents.size(), corpus.words(), rows, embedded, seconds, true,
        "EmbeddingStoreIngestor, recursive(300, 0), PgVectorEmbeddingStore, stock model threads");
  }

  private long count() throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + TABLE)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private void drop() throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + TABLE);
    }
  }
}
