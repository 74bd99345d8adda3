package io.tributary.projections.rag;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;
import org.postgresql.PGConnection;

/** The SQL of the rag write side: the documents and chunks tables of one generation schema. */
final class DocumentRows {

  // <schema> is a RagGenerationSchema name (jdbi's define): built from a validated number, never from input.
  // Inserts or updates a batch's document rows in one statement: one array per column, unnested
  // into rows (the fold leaves at most one row per tenant and id, as ON CONFLICT DO UPDATE requires). The WHERE
  // makes version monotonicity a property of the statement itself: an older or equal version
  // updates no row.
  private static final String UPSERT_DOCUMENTS =
      """
      INSERT INTO <schema>.documents (document_id, tenant, version, content_hash, title, source, content_type,
                                 metadata, model, dimensions, chunk_count, submitted_at, embedded_at, projected_at)
      SELECT d.id, d.tenant, d.version, d.content_hash, d.title, d.source, d.content_type,
             CAST(d.metadata AS jsonb), d.model, d.dimensions, d.chunk_count,
             CAST(d.submitted_at AS timestamptz), CAST(d.embedded_at AS timestamptz), now()
      FROM unnest(:ids, :tenants, :versions, :hashes, :titles, :sources, :types, :metadata, :models,
                  :dimensions, :chunkCounts, :submitted, :embedded)
           AS d(id, tenant, version, content_hash, title, source, content_type, metadata, model,
                dimensions, chunk_count, submitted_at, embedded_at)
      ON CONFLICT (tenant, document_id) DO UPDATE SET
          version = excluded.version, content_hash = excluded.content_hash,
          title = excluded.title, source = excluded.source, content_type = excluded.content_type,
          metadata = excluded.metadata, model = excluded.model, dimensions = excluded.dimensions,
          chunk_count = excluded.chunk_count, submitted_at = excluded.submitted_at,
          embedded_at = excluded.embedded_at, projected_at = excluded.projected_at
      WHERE <schema>.documents.version < excluded.version
      """;

  private DocumentRows() {}

  /** The stored version of each of {@code keys} that has a row. */
  static Map<DocumentKey, Long> storedVersions(Handle handle, RagGenerationSchema schema,
      Collection<DocumentKey> keys) {
    Map<DocumentKey, Long> versions = new HashMap<>();
    if (keys.isEmpty()) {
      return versions;
    }
    handle.createQuery("SELECT d.tenant, d.document_id, d.version FROM <schema>.documents d"
            + " JOIN unnest(:tenants, :ids) AS k(tenant, id) ON d.tenant = k.tenant AND d.document_id = k.id")
        .define("schema", schema.name())
        .bindArray("tenants", String.class, keys.stream().map(DocumentKey::tenant).toList())
        .bindArray("ids", String.class, keys.stream().map(DocumentKey::id).toList())
        .map((rs, ctx) -> Map.entry(new DocumentKey(rs.getString(1), rs.getString(2)), rs.getLong(3)))
        .forEach(entry -> versions.put(entry.getKey(), entry.getValue()));
    return versions;
  }

  /**
   * Writes the net effect of a batch: one DELETE per table for the removed documents, one set-based
   * INSERT of the new document rows and one binary COPY of their chunks.
   */
  static void apply(Handle handle, RagGenerationSchema schema, BatchFold fold) {
    if (!fold.removed().isEmpty()) {
      List<String> tenants = fold.removed().stream().map(DocumentKey::tenant).toList();
      List<String> ids = fold.removed().stream().map(DocumentKey::id).toList();
      for (String table : List.of("chunks", "documents")) {
        handle.createUpdate("DELETE FROM <schema>.<table> t USING unnest(:tenants, :ids) AS k(tenant, id)"
                + " WHERE t.tenant = k.tenant AND t.document_id = k.id")
            .define("schema", schema.name())
            .define("table", table)
            .bindArray("tenants", String.class, tenants)
            .bindArray("ids", String.class, ids)
            .execute();
      }
    }
    if (fold.inserted().isEmpty()) {
      return;
    }
    DocumentColumns documents = new DocumentColumns(fold.inserted().size());
    ChunkCopy chunks = new ChunkCopy();
    boolean anyChunk = false;
    for (BatchFold.Versioned versioned : fold.inserted()) {
      EmbeddedDocument document = versioned.document();
      documents.add(document);
      for (int i = 0; i < document.chunks().size(); i++) {
        EmbeddedChunk chunk = document.chunks().get(i);
        chunks.add(document.id(), chunk.index(), document.tenant(), chunk.text(), chunk.headingPath(),
            chunk.charStart(), chunk.charEnd(), versioned.vectors().get(i));
        anyChunk = true;
      }
    }
    documents.bind(handle.createUpdate(UPSERT_DOCUMENTS).define("schema", schema.name())).execute();
    if (anyChunk) {
      // COPY runs on the driver's CopyManager, outside jdbi and its template engine: the statement
      // is finished SQL, its table from the schema's validated number.
      copy(handle, ChunkCopy.statement(schema.chunks()), chunks.finish());
    }
  }

  /** Runs a binary COPY of {@code data} on the handle's connection, inside its transaction. */
  static void copy(Handle handle, String statement, byte[] data) {
    try {
      handle.getConnection().unwrap(PGConnection.class).getCopyAPI()
          .copyIn(statement, new ByteArrayInputStream(data));
    } catch (SQLException e) {
      // Data errors (a NUL byte, a constraint) keep their SQL state, so the projector dead-letters the record.
      throw new UnableToExecuteStatementException(e, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document rows of a batch, one list per column, bound as arrays. */
  private static final class DocumentColumns {
    private final List<String> ids;
    private final List<String> tenants;
    private final List<Long> versions;
    private final List<String> hashes;
    private final List<String> titles;
    private final List<String> sources;
    private final List<String> types;
    private final List<String> metadata;
    private final List<String> models;
    private final List<Integer> dimensions;
    private final List<Integer> chunkCounts;
    private final List<String> submitted;
    private final List<String> embedded;

    DocumentColumns(int size) {
      ids = new ArrayList<>(size);
      tenants = new ArrayList<>(size);
      versions = new ArrayList<>(size);
      hashes = new ArrayList<>(size);
      titles = new ArrayList<>(size);
      sources = new ArrayList<>(size);
      types = new ArrayList<>(size);
      metadata = new ArrayList<>(size);
      models = new ArrayList<>(size);
      dimensions = new ArrayList<>(size);
      chunkCounts = new ArrayList<>(size);
      submitted = new ArrayList<>(size);
      embedded = new ArrayList<>(size);
    }

    void add(EmbeddedDocument document) {
      ids.add(document.id());
      tenants.add(document.tenant());
      versions.add(document.version());
      hashes.add(document.contentHash());
      titles.add(document.title());
      sources.add(document.source());
      types.add(document.contentType());
      metadata.add(json(document.metadata()));
      models.add(document.model());
      dimensions.add(document.dimensions());
      chunkCounts.add(document.chunks().size());
      // ISO-8601 instants: Postgres reads them as timestamptz exactly.
      submitted.add(document.submittedAt() == null ? null : document.submittedAt().toString());
      embedded.add(document.embeddedAt() == null ? null : document.embeddedAt().toString());
    }

    Update bind(Update update) {
      return update
          .bindArray("ids", String.class, ids)
          .bindArray("tenants", String.class, tenants)
          .bindArray("versions", Long.class, versions)
          .bindArray("hashes", String.class, hashes)
          .bindArray("titles", String.class, titles)
          .bindArray("sources", String.class, sources)
          .bindArray("types", String.class, types)
          .bindArray("metadata", String.class, metadata)
          .bindArray("models", String.class, models)
          .bindArray("dimensions", Integer.class, dimensions)
          .bindArray("chunkCounts", Integer.class, chunkCounts)
          .bindArray("submitted", String.class, submitted)
          .bindArray("embedded", String.class, embedded);
    }
  }

  private static String json(Map<String, String> metadata) {
    try {
      return Json.mapper().writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write metadata as JSON", e);
    }
  }
}
