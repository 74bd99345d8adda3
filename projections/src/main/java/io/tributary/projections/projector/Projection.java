package io.tributary.projections.projector;

import io.tributary.schemas.topics.Topic;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Handle;

/**
 * A read model fed by one topic: {@link ProjectorRunner} hands it batches inside a transaction.
 *
 * @param <K> key type of the topic
 * @param <V> value type of the topic; {@code null} values are tombstones
 */
public interface Projection<K, V> {

  /** Stable name: it keys the stored offsets and the consumer group, so renaming means a replay. */
  String name();

  /** The topic this projection consumes. */
  Topic<K, V> topic();

  /**
   * Writes the effect of {@code batch} (records in the order consumed) through {@code handle}.
   *
   * <p>Runs inside the transaction that also stores the batch's offsets: throw to roll both back.
   * Must not commit, roll back or close the handle.
   */
  void apply(Handle handle, List<ConsumerRecord<K, V>> batch);
}
