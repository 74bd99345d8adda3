package io.tributary.projections.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
class MigrationsTest {

  private Database database;
  private Jdbi jdbi;

  @BeforeEach
  void emptyDatabase(EmbeddedPostgres postgres) {
    TestDatabase empty = EmbeddedPostgresExtension.freshDatabase(postgres, "migrations");
    database = new Database(empty.jdbcUrl());
    jdbi = database.jdbi();
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void shouldApplyEveryMigrationToAnEmptyDatabase() throws Exception {
    int applied = Migrations.apply(database.dataSource());

    // Every script on the classpath, however many issues have added one.
    long scripts;
    try (var files = java.nio.file.Files.list(
        java.nio.file.Path.of(getClass().getResource("/db/migration/tributary").toURI()))) {
      scripts = files.filter(f -> f.toString().endsWith(".sql")).count();
    }
    assertThat(applied).isEqualTo((int) scripts);
    List<String> tables = jdbi.withHandle(h -> h.createQuery(
            "SELECT table_schema || '.' || table_name || ' ' || table_type FROM information_schema.tables"
                + " WHERE table_schema IN ('rag', 'rag_g1', 'ops') ORDER BY 1")
        .mapTo(String.class).list());
    assertThat(tables).containsExactly("ops.dead_letters BASE TABLE", "ops.document_failures BASE TABLE",
        "ops.document_submissions BASE TABLE", "ops.idempotency_keys BASE TABLE", "ops.lag_samples BASE TABLE",
        "ops.parked_records BASE TABLE",
        "ops.projection_generations BASE TABLE", "ops.projection_offsets BASE TABLE",
        "rag.chunks VIEW", "rag.documents VIEW", "rag_g1.chunks BASE TABLE", "rag_g1.documents BASE TABLE");
  }

  @Test
  void shouldApplyNothingTheSecondTime() {
    Migrations.apply(database.dataSource());

    assertThat(Migrations.apply(database.dataSource())).isZero();
  }

  @Test
  void shouldCreateHnswCosineAndGinIndexesOnChunks() {
    Migrations.apply(database.dataSource());

    Map<String, String> indexes = jdbi.withHandle(h -> h.createQuery(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'rag_g1' AND tablename = 'chunks'")
        .setMapKeyColumn("indexname").setMapValueColumn("indexdef")
        .collectInto(new org.jdbi.v3.core.generic.GenericType<Map<String, String>>() {}));
    assertThat(indexes.get("chunks_embedding_hnsw_idx")).contains("USING hnsw (embedding vector_cosine_ops)");
    assertThat(indexes.get("chunks_tsv_gin_idx")).contains("USING gin (tsv)");
    assertThat(indexes.get("chunks_tenant_idx")).contains("(tenant)");
    assertThat(indexes.get("chunks_pkey")).contains("(tenant, document_id, chunk_index)");
  }

  @Test
  void shouldKeyDocumentsByTenantAndId() {
    Migrations.apply(database.dataSource());

    List<String> definitions = jdbi.withHandle(h -> h.createQuery(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'rag_g1' AND tablename = 'documents' ORDER BY indexname")
        .mapTo(String.class).list());
    assertThat(definitions).anySatisfy(d -> assertThat(d).contains("documents_pkey").contains("(tenant, document_id)"));
    assertThat(definitions).anySatisfy(d -> assertThat(d).contains("documents_tenant_idx").contains("(tenant)"));
  }

  @Test
  void shouldKeepExistingDocumentsAndLetTwoTenantsUseOneIdOnceMigratedToPerTenantIdentity() {
    // A database as it was before V50, with a live generation holding one document.
    org.flywaydb.core.Flyway.configure().dataSource(database.dataSource()).locations(Migrations.LOCATION)
        .target("41").load().migrate();
    jdbi.useTransaction(h -> {
      insertDocument(h, "shared", "acme");
      h.execute("INSERT INTO ops.document_submissions (document_id, tenant, content_hash, submitted_at, topic,"
          + " partition, log_offset) VALUES ('shared', 'acme', 'h', now(), 't', 0, 1)");
    });

    Migrations.apply(database.dataSource());
    jdbi.useTransaction(h -> {
      insertDocument(h, "shared", "globex");
      h.execute("INSERT INTO ops.document_submissions (document_id, tenant, content_hash, submitted_at, topic,"
          + " partition, log_offset) VALUES ('shared', 'globex', 'h', now(), 't', 0, 2)");
    });

    List<String> rows = jdbi.withHandle(h -> h.createQuery(
            "SELECT d.tenant || ':' || count(c.*) FROM rag.documents d LEFT JOIN rag.chunks c"
                + " ON c.tenant = d.tenant AND c.document_id = d.document_id GROUP BY d.tenant ORDER BY d.tenant")
        .mapTo(String.class).list());
    assertThat(rows).containsExactly("acme:1", "globex:1");
    long submissions = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM ops.document_submissions")
        .mapTo(Long.class).one());
    assertThat(submissions).isEqualTo(2);
  }

  private static void insertDocument(org.jdbi.v3.core.Handle h, String id, String tenant) {
    h.execute("INSERT INTO rag.documents (document_id, tenant, version, content_hash, title, source,"
        + " content_type, model, dimensions, chunk_count) VALUES (?, ?, 1, 'h', '', '', 'text/plain', 'm', 384, 1)",
        id, tenant);
    h.execute("INSERT INTO rag.chunks (document_id, chunk_index, tenant, text, char_start, char_end, embedding)"
        + " VALUES (?, 0, ?, 'text', 0, 4, array_fill(0.5, ARRAY[384])::vector)", id, tenant);
  }

  @Test
  void shouldGenerateTheTextSearchVectorOfAChunk() {
    Migrations.apply(database.dataSource());

    String tsv = jdbi.inTransaction(h -> {
      h.execute("INSERT INTO rag.documents (document_id, tenant, version, content_hash, title, source,"
          + " content_type, model, dimensions, chunk_count) VALUES ('d', 't', 1, 'h', '', '', 'text/plain', 'm', 384, 1)");
      h.execute("INSERT INTO rag.chunks (document_id, chunk_index, tenant, text, char_start, char_end, embedding)"
          + " VALUES ('d', 0, 't', 'Rivers are flowing', 0, 18, array_fill(0.5, ARRAY[384])::vector)");
      return h.createQuery("SELECT tsv::text FROM rag.chunks").mapTo(String.class).one();
    });
    assertThat(tsv).contains("'river'").contains("'flow'");
  }
}
