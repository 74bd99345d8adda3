package io.tributary.projections.documents;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/** Idempotency keys of document submissions: the first request under a key fixes its body hash and document id. */
public final class IdempotencyKeys {

  private final Jdbi jdbi;

  public IdempotencyKeys(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
  }

  /**
   * Claims {@code key} of {@code tenant} for a request with {@code requestHash} that would create
   * {@code documentId}, unless a live claim exists; returns the claim that holds (possibly an earlier one).
   */
  public Claim claim(String tenant, String key, String requestHash, String documentId, Duration ttl) {
    return jdbi.inTransaction(handle -> {
      handle.createUpdate("DELETE FROM ops.idempotency_keys WHERE tenant = :tenant AND idempotency_key = :key"
              + " AND created_at < now() - make_interval(secs => :ttlSeconds)")
          .bind("tenant", tenant).bind("key", key).bind("ttlSeconds", (double) ttl.toSeconds()).execute();
      handle.createUpdate("INSERT INTO ops.idempotency_keys (tenant, idempotency_key, request_hash, document_id)"
              + " VALUES (:tenant, :key, :hash, :id) ON CONFLICT (tenant, idempotency_key) DO NOTHING")
          .bind("tenant", tenant).bind("key", key).bind("hash", requestHash).bind("id", documentId).execute();
      return handle.createQuery("SELECT request_hash, document_id FROM ops.idempotency_keys"
              + " WHERE tenant = :tenant AND idempotency_key = :key")
          .bind("tenant", tenant).bind("key", key)
          .map((rs, ctx) -> new Claim(rs.getString("request_hash"), rs.getString("document_id")))
          .one();
    });
  }

  /**
   * Deletes up to {@code limit} keys older than {@code ttl} (a claim ignores them anyway) and
   * returns how many went; called on a schedule so the table holds about one TTL of keys.
   */
  public int expire(Duration ttl, int limit) {
    return jdbi.withHandle(handle -> handle.createUpdate(
            "DELETE FROM ops.idempotency_keys WHERE ctid IN (SELECT ctid FROM ops.idempotency_keys"
                + " WHERE created_at < now() - make_interval(secs => :ttlSeconds) LIMIT :limit)")
        .bind("ttlSeconds", (double) ttl.toSeconds()).bind("limit", limit).execute());
  }

  /** The request hash and document id a key is bound to. */
  public record Claim(String requestHash, String documentId) {}
}
