package io.tributary.projections.projector;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The next offset to consume per projection and partition, in {@code ops.projection_offsets}. */
public final class OffsetStore {

  /** The stored next offsets of {@code projection} for every partition of {@code topic} it has written. */
  public Map<TopicPartition, Long> load(Handle handle, String projection, String topic) {
    return select(handle, projection, topic, "");
  }

  /** Like {@link #load} but locks the rows until the transaction ends, so two writers cannot interleave. */
  public Map<TopicPartition, Long> lock(Handle handle, String projection, String topic) {
    return select(handle, projection, topic, " FOR UPDATE");
  }

  /** Upserts the next offsets of {@code projection}; call inside the transaction that wrote the rows. */
  public void save(Handle handle, String projection, Map<TopicPartition, Long> nextOffsets) {
    requireNonNull(projection, "projection");
    if (nextOffsets.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle.prepareBatch(
            """
            INSERT INTO ops.projection_offsets (projection, topic, partition, next_offset, updated_at)
            VALUES (:projection, :topic, :partition, :nextOffset, now())
            ON CONFLICT (projection, topic, partition)
            DO UPDATE SET next_offset = excluded.next_offset, updated_at = excluded.updated_at
            """);
    nextOffsets.forEach(
        (partition, offset) ->
            batch
                .bind("projection", projection)
                .bind("topic", partition.topic())
                .bind("partition", partition.partition())
                .bind("nextOffset", offset.longValue())
                .add());
    batch.execute();
  }

  /** Every stored offset of every projection, for lag: which projections exist and where each one is. */
  public List<StoredOffset> all(Handle handle) {
    return handle
        .createQuery("SELECT projection, topic, partition, next_offset, updated_at FROM ops.projection_offsets"
            + " ORDER BY projection, topic, partition")
        .map((rs, ctx) -> new StoredOffset(rs.getString(1), new TopicPartition(rs.getString(2), rs.getInt(3)),
            rs.getLong(4), rs.getObject(5, OffsetDateTime.class).toInstant()))
        .list();
  }

  /** One row of {@code ops.projection_offsets}: the next offset {@code projection} consumes in {@code partition}. */
  public record StoredOffset(String projection, TopicPartition partition, long nextOffset, Instant updatedAt) {}

  private static Map<TopicPartition, Long> select(
      Handle handle, String projection, String topic, String lockClause) {
    requireNonNull(projection, "projection");
    requireNonNull(topic, "topic");
    Map<TopicPartition, Long> offsets = new HashMap<>();
    handle
        .createQuery(
            "SELECT partition, next_offset FROM ops.projection_offsets"
                + " WHERE projection = :projection AND topic = :topic"
                + lockClause)
        .bind("projection", projection)
        .bind("topic", topic)
        .map((rs, ctx) -> Map.entry(new TopicPartition(topic, rs.getInt(1)), rs.getLong(2)))
        .forEach(entry -> offsets.put(entry.getKey(), entry.getValue()));
    return offsets;
  }
}
