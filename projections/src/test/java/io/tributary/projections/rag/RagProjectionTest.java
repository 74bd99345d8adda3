package io.tributary.projections.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pgvector.PGvector;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.projections.testing.Vectors;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RagProjectionTest {

  private final RagProjection projection = new RagProjection();
  private final AtomicLong offsets = new AtomicLong();
  private Database database;
  private Jdbi jdbi;

  @BeforeAll
  void migrate(EmbeddedPostgres postgres) {
    database = MigratedDatabase.create(postgres, "rag_projection");
    jdbi = database.jdbi();
  }

  @AfterAll
  void close() {
    database.close();
  }

  @BeforeEach
  void emptyTables() {
    jdbi.useHandle(h -> h.execute("TRUNCATE rag_g1.documents, rag_g1.chunks"));
  }

  @Test
  void shouldStoreANewDocumentWithItsChunks() {
    apply(record("doc-1", Documents.document("doc-1", "acme", 1, 3)));

    Map<String, Object> row = jdbi.withHandle(h -> h.createQuery(
        "SELECT tenant, version, model, dimensions, chunk_count, metadata::text AS metadata, title"
            + " FROM rag.documents WHERE document_id = 'doc-1'").mapToMap().one());
    assertThat(row).containsEntry("tenant", "acme").containsEntry("version", 1L)
        .containsEntry("model", Documents.MODEL).containsEntry("dimensions", 384).containsEntry("chunk_count", 3)
        .containsEntry("metadata", "{\"lang\": \"en\"}").containsEntry("title", "Title doc-1");
    assertThat(chunkTexts("doc-1")).containsExactly("chunk 0 of doc-1 v1", "chunk 1 of doc-1 v1", "chunk 2 of doc-1 v1");
    List<String> headings = jdbi.withHandle(h -> h.createQuery(
        "SELECT array_to_string(heading_path, '/') FROM rag.chunks WHERE document_id = 'doc-1' AND chunk_index = 1")
        .mapTo(String.class).list());
    assertThat(headings).containsExactly("Guide/Section 1");
  }

  @Test
  void shouldStoreTheVectorsAsSent() {
    float[] vector = Vectors.tilted(5, 9, 0.3);
    apply(record("doc-v", Documents.document("doc-v", "acme", 1, List.of(Documents.chunk(0, "text", vector)))));

    PGvector stored = jdbi.withHandle(h -> h.createQuery("SELECT embedding FROM rag.chunks WHERE document_id = 'doc-v'")
        .mapTo(PGvector.class).one());
    assertThat(stored.toArray()).containsExactly(vector);
  }

  @Test
  void shouldKeepTheNewerVersionWhenAnOlderOneArrivesLater() {
    apply(record("doc-2", Documents.document("doc-2", "acme", 2, 2)));

    apply(record("doc-2", Documents.document("doc-2", "acme", 1, 5)));

    assertThat(storedVersion("doc-2")).isEqualTo(2);
    assertThat(chunkTexts("doc-2")).containsExactly("chunk 0 of doc-2 v2", "chunk 1 of doc-2 v2");
  }

  @Test
  void shouldReplaceTheWholeChunkSetWhenANewVersionShrinksIt() {
    apply(record("doc-3", Documents.document("doc-3", "acme", 1, 4)));

    apply(record("doc-3", Documents.document("doc-3", "acme", 2, 1)));

    assertThat(storedVersion("doc-3")).isEqualTo(2);
    assertThat(chunkTexts("doc-3")).containsExactly("chunk 0 of doc-3 v2");
    assertThat(chunkCountColumn("doc-3")).isEqualTo(1);
  }

  @Test
  void shouldReplaceTheWholeChunkSetWhenANewVersionGrowsIt() {
    apply(record("doc-4", Documents.document("doc-4", "acme", 1, 1)));

    apply(record("doc-4", Documents.document("doc-4", "acme", 3, 3)));

    assertThat(chunkTexts("doc-4")).containsExactly("chunk 0 of doc-4 v3", "chunk 1 of doc-4 v3", "chunk 2 of doc-4 v3");
  }

  @Test
  void shouldDeleteTheDocumentAndItsChunksOnATombstone() {
    apply(List.of(
        record("doc-5", Documents.document("doc-5", "acme", 1, 3)),
        record("doc-6", Documents.document("doc-6", "acme", 1, 2))));

    apply(record("doc-5", null));

    assertThat(count("SELECT count(*) FROM rag.documents WHERE document_id = 'doc-5'")).isZero();
    assertThat(count("SELECT count(*) FROM rag.chunks WHERE document_id = 'doc-5'")).isZero();
    assertThat(chunkTexts("doc-6")).hasSize(2);
  }

  @Test
  void shouldIgnoreATombstoneForAnUnknownDocument() {
    apply(record("never-seen", null));

    assertThat(count("SELECT count(*) FROM rag.documents")).isZero();
  }

  @Test
  void shouldChangeNothingWhenTheSameVersionIsDeliveredTwice() {
    ConsumerRecord<String, EmbeddedDocument> record = record("doc-7", Documents.document("doc-7", "acme", 1, 2));
    apply(record);
    Instant projectedAt = projectedAt("doc-7");
    List<String> ctids = chunkRowIds("doc-7");

    apply(record);

    assertThat(projectedAt("doc-7")).isEqualTo(projectedAt);
    assertThat(chunkRowIds("doc-7")).isEqualTo(ctids);
  }

  @Test
  void shouldApplyTheRecordsOfABatchInOrder() {
    apply(List.of(
        record("doc-8", Documents.document("doc-8", "acme", 1, 1)),
        record("doc-8", Documents.document("doc-8", "acme", 2, 2)),
        record("doc-8", null),
        record("doc-8", Documents.document("doc-8", "acme", 3, 3))));

    assertThat(storedVersion("doc-8")).isEqualTo(3);
    assertThat(chunkTexts("doc-8")).hasSize(3);
  }

  @Test
  void shouldLeaveTheSameRowsWhetherABatchIsAppliedAtOnceOrRecordByRecord() {
    // given a history with stale versions, repeats, tombstones and a re-created document, over stored rows
    apply(record("doc-a", Documents.document("doc-a", "acme", 2, 2)));
    apply(record("doc-b", Documents.document("doc-b", "acme", 1, 1)));
    List<ConsumerRecord<String, EmbeddedDocument>> history = List.of(
        record("doc-a", Documents.document("doc-a", "acme", 1, 4)),
        record("doc-b", null),
        record("doc-c", Documents.document("doc-c", "beta", 1, 3)),
        record("doc-a", Documents.document("doc-a", "beta", 3, 1)),
        record("doc-b", Documents.document("doc-b", "acme", 1, 2)),
        record("doc-c", Documents.document("doc-c", "beta", 1, 5)),
        record("doc-d", null),
        record("doc-c", null),
        record("doc-c", Documents.document("doc-c", "acme", 4, 2)));

    // when it is applied at once (set-based, binary COPY) and then, on the same start, one by one
    apply(history);
    String atOnce = snapshot();
    jdbi.useHandle(h -> h.execute("TRUNCATE rag_g1.documents, rag_g1.chunks"));
    apply(record("doc-a", Documents.document("doc-a", "acme", 2, 2)));
    apply(record("doc-b", Documents.document("doc-b", "acme", 1, 1)));
    history.forEach(this::apply);

    // then both leave the same rows, vectors, heading paths and tsvectors
    assertThat(atOnce).isEqualTo(snapshot()).contains("doc-a|beta|3").contains("doc-c|acme|4");
  }

  private String snapshot() {
    return jdbi.withHandle(h -> h.createQuery(
        """
        SELECT string_agg(d.document_id || '|' || d.tenant || '|' || d.version || '|' || d.chunk_count || ':'
               || coalesce((SELECT string_agg(c.chunk_index || c.tenant || c.text || array_to_string(c.heading_path, '/')
                   || c.char_start || c.char_end || c.embedding::text || c.tsv::text, ';' ORDER BY c.chunk_index)
                   FROM rag.chunks c WHERE c.document_id = d.document_id), ''), ' ' ORDER BY d.document_id)
        FROM rag.documents d
        """).mapTo(String.class).one());
  }

  @Test
  void shouldKeepAnotherTenantsDocumentWithTheSameIdApart() {
    apply(record("acme/doc-9", Documents.document("doc-9", "acme", 1, 2)));

    apply(record("globex/doc-9", Documents.document("doc-9", "globex", 2, 3)));
    apply(record("globex/doc-9", null));

    List<String> documents = jdbi.withHandle(h -> h.createQuery(
            "SELECT tenant || ':' || version || ':' || chunk_count FROM rag.documents WHERE document_id = 'doc-9'")
        .mapTo(String.class).list());
    List<String> chunkTenants = jdbi.withHandle(h -> h.createQuery(
            "SELECT DISTINCT tenant FROM rag.chunks WHERE document_id = 'doc-9'").mapTo(String.class).list());
    assertThat(documents).containsExactly("acme:1:2");
    assertThat(chunkTenants).containsExactly("acme");
  }

  @Test
  void shouldRefuseATombstoneWhoseKeyNamesNoTenant() {
    apply(record("acme/doc-t", Documents.document("doc-t", "acme", 1, 1)));

    assertThatThrownBy(() -> apply(new ConsumerRecord<String, EmbeddedDocument>(
            Topics.DOCS_EMBEDDED.name(), 0, offsets.getAndIncrement(), "doc-t", null)))
        .isInstanceOf(RejectedDocumentException.class)
        .satisfies(e -> assertThat(((RejectedDocumentException) e).code()).isEqualTo(ErrorCode.TENANT_MISMATCH));
    assertThat(count("SELECT count(*) FROM rag.documents WHERE document_id = 'doc-t'")).isEqualTo(1);
  }

  @Test
  void shouldRefuseARecordKeyedWithAnotherTenant() {
    assertThatThrownBy(() -> apply(record("acme/doc-x", Documents.document("doc-x", "globex", 1, 1))))
        .isInstanceOf(RejectedDocumentException.class)
        .satisfies(e -> assertThat(((RejectedDocumentException) e).code()).isEqualTo(ErrorCode.TENANT_MISMATCH));
  }

  @Test
  void shouldRefuseADocumentWhoseDimensionsAreNotTheReadModels() {
    EmbeddedDocument wide = new EmbeddedDocument("doc-w", "acme", 1, "h", "t", "s", "text/plain", Map.of(),
        "wide-model", 768, List.of(Documents.chunk(0, "x", new float[768])), null, null);

    assertThatThrownBy(() -> apply(record("doc-w", wide)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("doc-w").hasMessageContaining("wide-model").hasMessageContaining("768")
        .satisfies(e -> assertThat(((RejectedDocumentException) e).code()).isEqualTo(ErrorCode.EMBEDDING_MISMATCH));
    assertThat(count("SELECT count(*) FROM rag.documents")).isZero();
  }

  @Test
  void shouldRefuseAChunkWhoseVectorLengthDiffersFromTheDimensions() {
    EmbeddedChunk shortChunk = new EmbeddedChunk(1, "short", List.of(), 0, 5, VectorCodec.encode(new float[383]));
    EmbeddedDocument document = Documents.document("doc-s", "acme", 1,
        List.of(Documents.chunk(0, "ok", Vectors.oneHot(0)), shortChunk));

    assertThatThrownBy(() -> apply(record("doc-s", document)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("doc-s").hasMessageContaining(Documents.MODEL).hasMessageContaining("384")
        .hasMessageContaining("383");
    assertThat(count("SELECT count(*) FROM rag.chunks")).isZero();
  }

  @Test
  void shouldRefuseARecordWhoseKeyIsNotTheDocumentId() {
    assertThatThrownBy(() -> apply(record("other-key", Documents.document("doc-k", "acme", 1, 1))))
        .isInstanceOf(RejectedDocumentException.class)
        .hasMessageContaining("other-key");
  }

  private void apply(List<ConsumerRecord<String, EmbeddedDocument>> batch) {
    jdbi.useTransaction(h -> projection.apply(h, batch));
  }

  private void apply(ConsumerRecord<String, EmbeddedDocument> record) {
    apply(List.of(record));
  }

  /** A record keyed {@code key}; a tombstone of a bare id is acme's (this test's tenant). */
  private ConsumerRecord<String, EmbeddedDocument> record(String key, EmbeddedDocument value) {
    String wire = value == null && key.indexOf('/') < 0 ? "acme/" + key : key;
    return new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, offsets.getAndIncrement(), wire, value);
  }

  private List<String> chunkTexts(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT text FROM rag.chunks WHERE document_id = :id ORDER BY chunk_index")
        .bind("id", id).mapTo(String.class).list());
  }

  private List<String> chunkRowIds(String id) {
    // ctid changes whenever a row is rewritten: equal ctids mean the rows were not touched.
    return jdbi.withHandle(h -> h.createQuery("SELECT ctid::text FROM rag_g1.chunks WHERE document_id = :id ORDER BY chunk_index")
        .bind("id", id).mapTo(String.class).list());
  }

  private long storedVersion(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT version FROM rag.documents WHERE document_id = :id")
        .bind("id", id).mapTo(Long.class).one());
  }

  private int chunkCountColumn(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT chunk_count FROM rag.documents WHERE document_id = :id")
        .bind("id", id).mapTo(Integer.class).one());
  }

  private Instant projectedAt(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT projected_at FROM rag.documents WHERE document_id = :id")
        .bind("id", id).mapTo(Instant.class).one());
  }

  private long count(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
