package io.tributary.schemas.documents;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identity of a document: its tenant and its id. Ids are per tenant, so two tenants may use
 * the same id without ever touching each other's document (ADR 16). On the document topics the
 * record key is {@code <tenant>/<id>}: compaction, partitioning, the pipeline's version store and
 * tombstones all work on the pair, never on the id alone.
 */
public record DocumentKey(String tenant, String id) {

  /** Tenants as the topic contract allows them; no '/' so the key splits unambiguously. */
  public static final Pattern TENANT = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

  /** Separates tenant and id in a record key; neither a tenant nor an id may contain it. */
  public static final char SEPARATOR = '/';

  public DocumentKey {
    requireNonNull(tenant, "tenant");
    requireNonNull(id, "id");
    if (!TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException("tenant must match " + TENANT.pattern());
    }
    if (id.isEmpty() || id.indexOf(SEPARATOR) >= 0) {
      throw new IllegalArgumentException("id must be non-empty and must not contain '" + SEPARATOR + "'");
    }
  }

  /** The key of {@code document}. */
  public static DocumentKey of(SubmittedDocument document) {
    return new DocumentKey(document.tenant(), document.id());
  }

  /** The key of {@code document}. */
  public static DocumentKey of(EmbeddedDocument document) {
    return new DocumentKey(document.tenant(), document.id());
  }

  /**
   * The key a record key names, or empty for a key without a tenant: a bare document id, as
   * written before ADR 16 (such a key carries no identity of its own).
   *
   * @throws IllegalArgumentException when the key names a tenant but is not a valid key
   */
  public static Optional<DocumentKey> parse(String recordKey) {
    requireNonNull(recordKey, "recordKey");
    int at = recordKey.indexOf(SEPARATOR);
    if (at < 0) {
      return Optional.empty();
    }
    return Optional.of(new DocumentKey(recordKey.substring(0, at), recordKey.substring(at + 1)));
  }

  /** The record key: {@code <tenant>/<id>}. */
  public String wire() {
    return tenant + SEPARATOR + id;
  }

  @Override
  public String toString() {
    return wire();
  }
}
