package io.tributary.projections.projector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;

/** Applies one polled batch and stores its next offsets in a single Postgres transaction. */
final class BatchTransaction<K, V> {

  private final Projection<K, V> projection;
  private final Jdbi jdbi;
  private final OffsetStore offsets;

  BatchTransaction(Projection<K, V> projection, Jdbi jdbi, OffsetStore offsets) {
    this.projection = projection;
    this.jdbi = jdbi;
    this.offsets = offsets;
  }

  /** Commits the batch and returns the next offset per partition now stored; throws after a rollback. */
  Map<TopicPartition, Long> commit(ConsumerRecords<K, V> records) {
    Map<TopicPartition, Long> next = nextOffsets(records);
    List<ConsumerRecord<K, V>> batch = new ArrayList<>(records.count());
    records.forEach(batch::add);
    jdbi.useTransaction(
        handle -> {
          // The lock serialises runners of one projection; the check refuses a batch Postgres already has.
          Map<TopicPartition, Long> stored = offsets.lock(handle, projection.name(), projection.topic().name());
          for (TopicPartition partition : records.partitions()) {
            long first = records.records(partition).getFirst().offset();
            Long storedNext = stored.get(partition);
            if (storedNext != null && first < storedNext) {
              throw new StaleBatchException(partition, first, storedNext);
            }
          }
          projection.apply(handle, batch);
          offsets.save(handle, projection.name(), next);
        });
    return next;
  }

  /** The next offsets stored in Postgres for the projection's topic. */
  Map<TopicPartition, Long> storedOffsets() {
    return jdbi.withHandle(handle -> offsets.load(handle, projection.name(), projection.topic().name()));
  }

  private static Map<TopicPartition, Long> nextOffsets(ConsumerRecords<?, ?> records) {
    Map<TopicPartition, OffsetAndMetadata> positions = records.nextOffsets();
    Map<TopicPartition, Long> next = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      long afterLast = records.records(partition).getLast().offset() + 1;
      // The consumer's own next offset also skips transaction markers after the last record,
      // so lag reads 0 on topics written transactionally (the streams pipeline's are).
      OffsetAndMetadata position = positions.get(partition);
      next.put(partition, position == null ? afterLast : Math.max(afterLast, position.offset()));
    }
    return next;
  }
}
