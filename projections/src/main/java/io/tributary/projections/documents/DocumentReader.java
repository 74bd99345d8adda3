package io.tributary.projections.documents;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.tributary.projections.rag.DocumentFilters;
import io.tributary.projections.rag.FilterClause;
import io.tributary.schemas.json.Json;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Reads documents, their chunks and their indexing state; every query is scoped to one tenant. */
public final class DocumentReader {

  private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};

  private static final String DOCUMENT_COLUMNS =
      "d.document_id, d.title, d.source, d.content_type, d.metadata::text AS metadata, d.version,"
          + " d.content_hash, d.chunk_count,"
          + " d.model, d.submitted_at, d.projected_at";

  private final Jdbi jdbi;

  public DocumentReader(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
  }

  /** Up to {@code limit} documents of {@code tenant} after {@code afterId} (null: from the start), by id. */
  public List<DocumentSummary> list(String tenant, DocumentFilters filters, String afterId, int limit) {
    String sql = "SELECT " + DOCUMENT_COLUMNS + " FROM rag.documents d WHERE d.tenant = :tenant <after> <filter>"
        + " ORDER BY d.document_id LIMIT :limit";
    return jdbi.withHandle(handle -> {
      Query query = handle.createQuery(sql)
          .define("after", afterId == null ? "" : "AND d.document_id > :afterId")
          .define("filter", FilterClause.on("d", filters))
          .bind("tenant", tenant)
          .bind("limit", limit);
      if (afterId != null) {
        query.bind("afterId", afterId);
      }
      return FilterClause.bind(query, filters).map((rs, ctx) -> summary(rs)).list();
    });
  }

  /** The indexing state of document {@code id} of {@code tenant}; empty when the tenant has no such document. */
  public Optional<DocumentState> state(String tenant, String id) {
    return jdbi.withHandle(handle -> {
      Optional<DocumentSummary> indexed = indexed(handle, tenant, id);
      Optional<Submission> submission = handle.createQuery(
              "SELECT content_hash, submitted_at FROM ops.document_submissions WHERE document_id = :id AND tenant = :tenant")
          .bind("id", id).bind("tenant", tenant)
          .map((rs, ctx) -> new Submission(rs.getString("content_hash"), instant(rs, "submitted_at")))
          .findOne();
      // A failure whose original bytes named no tenant is shown only to the tenant that submitted the id.
      Optional<DocumentState.Failure> failure = handle.createQuery(
              "SELECT code, message, failed_at FROM ops.document_failures WHERE document_id = :id"
                  + " AND (tenant = :tenant OR (tenant IS NULL AND :submitted))")
          .bind("id", id).bind("tenant", tenant).bind("submitted", submission.isPresent())
          .map((rs, ctx) -> new DocumentState.Failure(rs.getString("code"), rs.getString("message"),
              instant(rs, "failed_at")))
          .findOne();
      String indexedHash = indexed.map(DocumentSummary::contentHash).orElse(null);
      return decide(id, indexed.orElse(null), indexedHash, submission.orElse(null), failure.orElse(null));
    });
  }

  private static Optional<DocumentState> decide(String id, DocumentSummary indexed, String indexedHash,
      Submission submission, DocumentState.Failure failure) {
    Instant acceptedAt = submission == null ? null : submission.submittedAt();
    boolean latestFailed = failure != null && (submission == null || !failure.failedAt().isBefore(submission.submittedAt()))
        && (indexed == null || submission == null || !submission.contentHash().equals(indexedHash));
    if (latestFailed) {
      return Optional.of(new DocumentState(id, IndexingStatus.FAILED, indexed, failure, acceptedAt));
    }
    if (indexed != null && (submission == null || submission.contentHash().equals(indexedHash))) {
      return Optional.of(new DocumentState(id, IndexingStatus.INDEXED, indexed, null, acceptedAt));
    }
    if (submission != null) {
      return Optional.of(new DocumentState(id, IndexingStatus.PENDING, indexed, null, acceptedAt));
    }
    return Optional.empty();
  }

  /** The chunks of document {@code id} of {@code tenant} in order; empty when it is not indexed for the tenant. */
  public Optional<List<ChunkView>> chunks(String tenant, String id) {
    return jdbi.withHandle(handle -> {
      if (indexed(handle, tenant, id).isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(handle.createQuery(
              "SELECT chunk_index, text, heading_path, char_start, char_end FROM rag.chunks"
                  + " WHERE document_id = :id AND tenant = :tenant ORDER BY chunk_index")
          .bind("id", id).bind("tenant", tenant)
          .map((rs, ctx) -> new ChunkView(rs.getInt("chunk_index"), rs.getString("text"),
              headingPath(rs.getArray("heading_path")), rs.getInt("char_start"), rs.getInt("char_end")))
          .list());
    });
  }

  private static Optional<DocumentSummary> indexed(Handle handle, String tenant, String id) {
    return handle.createQuery("SELECT " + DOCUMENT_COLUMNS
            + " FROM rag.documents d WHERE d.document_id = :id AND d.tenant = :tenant")
        .bind("id", id).bind("tenant", tenant)
        .map((rs, ctx) -> summary(rs))
        .findOne();
  }

  private static DocumentSummary summary(ResultSet rs) throws SQLException {
    return new DocumentSummary(rs.getString("document_id"), rs.getString("title"), rs.getString("source"),
        rs.getString("content_type"), metadata(rs.getString("metadata")), rs.getLong("version"),
        rs.getString("content_hash"), rs.getInt("chunk_count"), rs.getString("model"), instant(rs, "submitted_at"), instant(rs, "projected_at"));
  }

  private static Map<String, String> metadata(String json) {
    try {
      return json == null ? Map.of() : Json.mapper().readValue(json, METADATA);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("rag.documents.metadata is not an object of strings", e);
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static List<String> headingPath(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  private record Submission(String contentHash, Instant submittedAt) {}
}
