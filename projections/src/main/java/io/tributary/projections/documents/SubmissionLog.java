package io.tributary.projections.documents;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;

/** Remembers the latest submission the API accepted per document, for the "pending" status. */
public final class SubmissionLog {

  private static final String UPSERT =
      """
      INSERT INTO ops.document_submissions (document_id, tenant, content_hash, submitted_at, topic, partition, log_offset)
      VALUES (:id, :tenant, :contentHash, :submittedAt, :topic, :partition, :offset)
      ON CONFLICT (tenant, document_id) DO UPDATE SET
          content_hash = excluded.content_hash, submitted_at = excluded.submitted_at,
          topic = excluded.topic, partition = excluded.partition, log_offset = excluded.log_offset
      """;

  private final Jdbi jdbi;

  public SubmissionLog(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
  }

  /** Records that the log accepted {@code contentHash} for document {@code id} of {@code tenant} at this position. */
  public void accepted(String tenant, String id, String contentHash, Instant submittedAt, String topic, int partition,
      long offset) {
    jdbi.useHandle(handle -> handle.createUpdate(UPSERT)
        .bind("id", id).bind("tenant", tenant).bind("contentHash", contentHash)
        .bindByType("submittedAt", submittedAt.atOffset(ZoneOffset.UTC), OffsetDateTime.class)
        .bind("topic", topic).bind("partition", partition).bind("offset", offset)
        .execute());
  }

  /** Forgets the submission of a document the tenant deleted. */
  public void deleted(String tenant, String id) {
    jdbi.useHandle(handle -> handle.createUpdate(
            "DELETE FROM ops.document_submissions WHERE document_id = :id AND tenant = :tenant")
        .bind("id", id).bind("tenant", tenant).execute());
  }
}
