package io.tributary.projections.projector;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
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

  /**
   * Locks every offset row of {@code projection} on {@code topic} until the transaction ends, for work
   * that no batch of any partition may interleave with (resolving a dead letter, switching a
   * generation). Rows are locked in the order {@link #lock} uses.
   */
  public Map<TopicPartition, Long> lockAll(Handle handle, String projection, String topic) {
    return select(handle, projection, topic, " ORDER BY partition FOR UPDATE");
  }

  /**
   * Locks the offset rows of {@code partitions} (all of {@code topic}) only, until the transaction
   * ends, and returns their stored next offsets. A partition never written gets a row first, so even
   * its first batch has a row to lock: a second writer of that partition waits on the insert, then
   * reads the first writer's offsets. Writers of other partitions never wait.
   */
  public Map<TopicPartition, Long> lock(Handle handle, String projection, String topic,
      Collection<Integer> partitions) {
    requireNonNull(projection, "projection");
    requireNonNull(topic, "topic");
    // One order for every writer, so two writers whose batches share partitions cannot deadlock.
    Integer[] ordered = partitions.stream().sorted().toArray(Integer[]::new);
    // A claimed row holds 0, which refuses no batch; it only commits together with the real offset.
    handle.createUpdate(
            """
            INSERT INTO ops.projection_offsets (projection, topic, partition, next_offset)
            SELECT :projection, :topic, p, 0 FROM unnest(:partitions) WITH ORDINALITY AS t(p, n) ORDER BY n
            ON CONFLICT (projection, topic, partition) DO NOTHING
            """)
        .bind("projection", projection)
        .bind("topic", topic)
        .bind("partitions", ordered)
        .execute();
    Map<TopicPartition, Long> offsets = new HashMap<>();
    handle.createQuery(
            """
            SELECT partition, next_offset FROM ops.projection_offsets
             WHERE projection = :projection AND topic = :topic AND partition = ANY(:partitions)
             ORDER BY partition FOR UPDATE
            """)
        .bind("projection", projection)
        .bind("topic", topic)
        .bind("partitions", ordered)
        .map((rs, ctx) -> Map.entry(new TopicPartition(topic, rs.getInt(1)), rs.getLong(2)))
        .forEach(entry -> offsets.put(entry.getKey(), entry.getValue()));
    return offsets;
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
