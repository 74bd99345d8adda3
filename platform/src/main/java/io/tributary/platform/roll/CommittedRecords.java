package io.tributary.platform.roll;

import io.tributary.schemas.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether committed records lie between two offsets of a partition. On a topic written in
 * transactions (docs.accepted.v1 always) commit markers and aborted records take offsets without
 * being records, and Kafka Streams commits past them only while a task consumes records: a
 * pipeline that has processed everything may stay a few offsets short of the end. A
 * {@code read_committed} consumer tells the difference. One per roll, used from one thread.
 */
final class CommittedRecords implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration PATIENCE = Duration.ofSeconds(2);

  private final KafkaConsumer<byte[], byte[]> consumer;

  CommittedRecords(KafkaClients kafka) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    // One record answers the question; a larger one still arrives whole.
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "65536");
    this.consumer = kafka.consumer(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * True when no committed record lies in [{@code from}, {@code to}) of {@code partition}; false when
   * one does, or when the consumer cannot get to {@code to} within two seconds (a transaction still
   * open below it).
   */
  boolean noneBetween(TopicPartition partition, long from, long to) {
    if (from >= to) {
      return true;
    }
    consumer.assign(List.of(partition));
    consumer.seek(partition, from);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (consumer.position(partition) < to) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        if (record.offset() < to) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether each partition's {@code committed} offset (0 when absent) leaves no committed record before its target. */
  boolean reached(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> targets) {
    return targets.entrySet().stream()
        .allMatch(target -> noneBetween(target.getKey(), committed.getOrDefault(target.getKey(), 0L), target.getValue()));
  }

  @Override
  public void close() {
    consumer.close();
  }
}
