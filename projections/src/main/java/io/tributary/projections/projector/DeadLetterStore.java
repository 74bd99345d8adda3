package io.tributary.projections.projector;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import io.tributary.schemas.errors.ErrorCode;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jdbi.v3.core.Handle;

/** The SQL of {@code ops.dead_letters} and {@code ops.parked_records}; every call joins the caller's transaction. */
final class DeadLetterStore {

  /** The keys among {@code keyHexes} that an open dead letter of {@code projection} blocks. */
  Set<String> blockedKeys(Handle handle, String projection, Collection<String> keyHexes) {
    if (keyHexes.isEmpty()) {
      return new HashSet<>();
    }
    return new HashSet<>(
        handle
            .createQuery(
                "SELECT DISTINCT key_hex FROM ops.dead_letters"
                    + " WHERE projection = :projection AND status = 'open' AND key_hex = ANY(:keys)")
            .bind("projection", projection)
            .bindArray("keys", String.class, keyHexes)
            .mapTo(String.class)
            .list());
  }

  /** Stores (or re-opens, after a failed retry) the dead letter of {@code record}; returns it with its id. */
  DeadLetter insert(Handle handle, String projection, RawRecord record, DataError error) {
    long id =
        handle
            .createQuery(
                """
                INSERT INTO ops.dead_letters (projection, topic, partition, "offset", key_hex, key, value,
                                              error_code, error_class, error_message)
                VALUES (:projection, :topic, :partition, :offset, :keyHex, :key, :value,
                        :code, :errorClass, :message)
                ON CONFLICT (projection, topic, partition, "offset") DO UPDATE SET
                    status = 'open', resolved_at = NULL, failed_at = now(), error_code = excluded.error_code,
                    error_class = excluded.error_class, error_message = excluded.error_message
                RETURNING id
                """)
            .bind("projection", projection)
            .bind("topic", record.topic())
            .bind("partition", record.partition())
            .bind("offset", record.offset())
            .bind("keyHex", record.keyHex())
            .bind("key", record.key())
            .bind("value", record.value())
            .bind("code", error.code().name())
            .bind("errorClass", error.errorClass())
            .bind("message", error.message())
            .mapTo(Long.class)
            .one();
    return new DeadLetter(id, projection, record, error);
  }

  /** Parks {@code record} behind the open dead letter of its key. */
  void park(Handle handle, String projection, RawRecord record) {
    handle
        .createUpdate(
            """
            INSERT INTO ops.parked_records (projection, topic, partition, "offset", key_hex, key, value, record_time)
            VALUES (:projection, :topic, :partition, :offset, :keyHex, :key, :value, :time)
            ON CONFLICT DO NOTHING
            """)
        .bind("projection", projection)
        .bind("topic", record.topic())
        .bind("partition", record.partition())
        .bind("offset", record.offset())
        .bind("keyHex", record.keyHex())
        .bind("key", record.key())
        .bind("value", record.value())
        .bindByType("time", utc(record.time()), OffsetDateTime.class)
        .execute();
  }

  /** The open dead letter {@code id} of {@code projection}, locked until the transaction ends. */
  Optional<DeadLetter> lockOpen(Handle handle, String projection, long id) {
    return handle
        .createQuery(
            """
            SELECT id, topic, partition, "offset", key, value, error_code, error_class, error_message
            FROM ops.dead_letters WHERE projection = :projection AND id = :id AND status = 'open' FOR UPDATE
            """)
        .bind("projection", projection)
        .bind("id", id)
        .map((rs, ctx) -> new DeadLetter(
            rs.getLong("id"),
            projection,
            new RawRecord(rs.getString("topic"), rs.getInt("partition"), rs.getLong("offset"), null,
                rs.getBytes("key"), rs.getBytes("value"), new RecordHeaders()),
            new DataError(ErrorCode.valueOf(rs.getString("error_code")),
                rs.getString("error_class"), rs.getString("error_message"))))
        .findOne();
  }

  /** Closes a dead letter as {@code status} ({@code skipped} or {@code retried}). */
  void close(Handle handle, long id, String status) {
    handle
        .createUpdate("UPDATE ops.dead_letters SET status = :status, resolved_at = now() WHERE id = :id")
        .bind("status", status)
        .bind("id", id)
        .execute();
  }

  /** Removes and returns the records parked behind {@code keyHex}, in log order. */
  List<RawRecord> unpark(Handle handle, String projection, String keyHex) {
    return handle
        .createQuery(
            """
            DELETE FROM ops.parked_records WHERE projection = :projection AND key_hex = :keyHex
            RETURNING topic, partition, "offset", record_time, key, value
            """)
        .bind("projection", projection)
        .bind("keyHex", keyHex)
        .map((rs, ctx) -> {
          OffsetDateTime time = rs.getObject("record_time", OffsetDateTime.class);
          return new RawRecord(rs.getString("topic"), rs.getInt("partition"), rs.getLong("offset"),
              time == null ? null : time.toInstant(), rs.getBytes("key"), rs.getBytes("value"), new RecordHeaders());
        })
        .list()
        .stream()
        // DELETE ... RETURNING has no ORDER BY; a key lives in one partition, so offset order is log order.
        .sorted(Comparator.comparingInt(RawRecord::partition).thenComparingLong(RawRecord::offset))
        .toList();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
