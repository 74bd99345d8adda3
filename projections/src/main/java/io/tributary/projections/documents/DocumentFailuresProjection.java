package io.tributary.projections.documents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.projections.projector.Projection;
import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jdbi.v3.core.Handle;

/**
 * Projects {@code docs.submitted.v1.dlq.v1} into {@code ops.document_failures}: the latest dead
 * letter per document (tenant and id, ADR 16) with its stable code and message, so the API can report "failed" and why.
 */
public final class DocumentFailuresProjection implements Projection<byte[], byte[]> {

  /** The projection's name: keys its stored offsets and its consumer group. */
  public static final String NAME = "document-failures";

  /** Longest stored message; dead-letter messages name a field and a rule, never need more. */
  static final int MAX_MESSAGE_CHARS = 500;

  private static final String UPSERT =
      """
      INSERT INTO ops.document_failures (document_id, tenant, code, message, origin_partition, origin_offset, failed_at)
      VALUES (:id, :tenant, :code, :message, :partition, :offset, :failedAt)
      ON CONFLICT (document_id, (coalesce(tenant, ''))) DO UPDATE SET
          code = excluded.code, message = excluded.message,
          origin_partition = excluded.origin_partition, origin_offset = excluded.origin_offset,
          failed_at = excluded.failed_at
      """;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Topic<byte[], byte[]> topic() {
    return Topics.DOCS_SUBMITTED_DLQ;
  }

  @Override
  public void apply(Handle handle, List<ConsumerRecord<byte[], byte[]>> batch) {
    for (ConsumerRecord<byte[], byte[]> record : batch) {
      if (record.key() == null) {
        // Without a key there is no document to report on.
        continue;
      }
      String key = new String(record.key(), StandardCharsets.UTF_8);
      Optional<DocumentKey> named = namedBy(key);
      handle.createUpdate(UPSERT)
          .bind("id", named.map(DocumentKey::id).orElse(key))
          // The tenant the record's value claims, never the key's: a hostile record keyed with
          // another tenant's key is the failure of the tenant it names, not of the key's owner.
          .bind("tenant", tenantOf(record.value()))
          .bind("code", header(record, DeadLetterHeaders.ERROR_CODE, "UNKNOWN"))
          .bind("message", truncate(header(record, DeadLetterHeaders.EXCEPTION_MESSAGE, "")))
          .bind("partition", number(header(record, DeadLetterHeaders.ORIGIN_PARTITION, null)))
          .bind("offset", number(header(record, DeadLetterHeaders.ORIGIN_OFFSET, null)))
          .bindByType("failedAt", failedAt(record), OffsetDateTime.class)
          .execute();
    }
  }

  /** The document a dead letter's key names (ADR 16), or empty for a bare id or a key that is not one. */
  static Optional<DocumentKey> namedBy(String key) {
    try {
      return DocumentKey.parse(key);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The tenant named by the original JSON, the default tenant when it names none, null when unreadable. */
  static String tenantOf(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode node = Json.mapper().readTree(value);
      if (node == null || !node.isObject()) {
        return null;
      }
      JsonNode tenant = node.get("tenant");
      if (tenant == null || tenant.isNull()) {
        return SubmittedDocument.DEFAULT_TENANT;
      }
      return tenant.isTextual() ? tenant.asText() : null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String name, String fallback) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null ? fallback : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static Long number(String value) {
    try {
      return value == null ? null : Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "…";
  }

  private static OffsetDateTime failedAt(ConsumerRecord<?, ?> record) {
    String raw = header(record, DeadLetterHeaders.FAILED_AT, null);
    try {
      if (raw != null) {
        return Instant.parse(raw.strip()).atOffset(ZoneOffset.UTC);
      }
    } catch (DateTimeParseException e) {
      // fall back to the record time
    }
    return Instant.ofEpochMilli(record.timestamp()).atOffset(ZoneOffset.UTC);
  }
}
