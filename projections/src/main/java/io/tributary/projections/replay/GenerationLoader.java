package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.projector.BatchTransaction;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Streams a topic into a building generation batch by batch, up to target offsets: each poll (at
 * most {@code maxPollRecords} records, at most the memory budget's fetch size) is decoded while the
 * previous one commits with its offsets. Never more than two batches are held.
 */
final class GenerationLoader<K, V> {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final BatchTransaction<K, V> batches;
  private final Duration pollTimeout;

  GenerationLoader(KafkaConsumer<byte[], byte[]> consumer, BatchTransaction<K, V> batches, Duration pollTimeout) {
    this.consumer = requireNonNull(consumer, "consumer");
    this.batches = requireNonNull(batches, "batches");
    this.pollTimeout = requireNonNull(pollTimeout, "pollTimeout");
  }

  /** Reads until the consumer's position reaches {@code targets} in every partition, counting on {@code meter}. */
  void loadTo(Map<TopicPartition, Long> targets, ReplayMeter meter) {
    // The meter counts records when they are polled, at most one batch ahead of the committed ones.
    try (BatchPipeline<K, V> pipeline = new BatchPipeline<>(batches)) {
      long behind = behind(targets);
      while (behind > 0) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
        if (!records.isEmpty()) {
          pipeline.submit(records);
        }
        behind = behind(targets);
        meter.records(records.count(), behind);
      }
      pipeline.await();
    }
  }

  /** Records between the consumer's position and {@code targets}. */
  long behind(Map<TopicPartition, Long> targets) {
    long behind = 0;
    for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
      behind += Math.max(0, target.getValue() - consumer.position(target.getKey()));
    }
    return behind;
  }
}
