package io.tributary.edge.documents;

import static java.util.Objects.requireNonNull;

import io.tributary.edge.resilience.GuardedCalls;
import io.tributary.ingestion.submit.SubmissionReceipt;
import io.tributary.projections.documents.ChunkView;
import io.tributary.projections.documents.DocumentReader;
import io.tributary.projections.documents.DocumentState;
import io.tributary.projections.documents.DocumentSummary;
import io.tributary.projections.documents.IdempotencyKeys;
import io.tributary.projections.documents.SubmissionLog;
import io.tributary.projections.freshness.Freshness;
import io.tributary.projections.freshness.FreshnessReader;
import io.tributary.projections.rag.DocumentFilters;
import io.tributary.projections.rag.RagProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The documents read model and the API's bookkeeping, every call under the Postgres time limit and breaker. */
public final class DocumentCatalog {

  private static final Logger log = LoggerFactory.getLogger(DocumentCatalog.class);

  private final DocumentReader reader;
  private final SubmissionLog submissions;
  private final IdempotencyKeys keys;
  private final FreshnessReader freshness;
  private final GuardedCalls postgres;
  private final Duration idempotencyTtl;

  public DocumentCatalog(DocumentReader reader, SubmissionLog submissions, IdempotencyKeys keys,
      FreshnessReader freshness, GuardedCalls postgres, Duration idempotencyTtl) {
    this.reader = requireNonNull(reader, "reader");
    this.submissions = requireNonNull(submissions, "submissions");
    this.keys = requireNonNull(keys, "keys");
    this.freshness = requireNonNull(freshness, "freshness");
    this.postgres = requireNonNull(postgres, "postgres");
    this.idempotencyTtl = requireNonNull(idempotencyTtl, "idempotencyTtl");
  }

  List<DocumentSummary> list(String tenant, DocumentFilters filters, String afterId, int limit) {
    return postgres.call(() -> reader.list(tenant, filters, afterId, limit));
  }

  Optional<DocumentState> state(String tenant, String id) {
    return postgres.call(() -> reader.state(tenant, id));
  }

  Optional<List<ChunkView>> chunks(String tenant, String id) {
    return postgres.call(() -> reader.chunks(tenant, id));
  }

  IdempotencyKeys.Claim claim(String tenant, String key, String requestHash, String documentId) {
    return postgres.call(() -> keys.claim(tenant, key, requestHash, documentId, idempotencyTtl));
  }

  Freshness freshness() {
    return postgres.call(() -> freshness.read(RagProjection.NAME));
  }

  /** Best effort: the log already holds the document, so a failure here only delays "pending" until it is indexed. */
  void accepted(String tenant, String id, String contentHash, Instant submittedAt, SubmissionReceipt receipt) {
    try {
      postgres.call(() -> {
        submissions.accepted(tenant, id, contentHash, submittedAt, receipt.topic(), receipt.partition(),
            receipt.offset());
        return null;
      });
    } catch (RuntimeException e) {
      log.warn("document {} accepted but its submission was not recorded: {}", id, e.getClass().getSimpleName());
    }
  }

  void deleted(String tenant, String id) {
    postgres.call(() -> {
      submissions.deleted(tenant, id);
      return null;
    });
  }
}
