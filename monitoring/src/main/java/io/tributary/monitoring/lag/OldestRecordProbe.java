package io.tributary.monitoring.lag;

import io.tributary.schemas.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the timestamp of the first record at or after an offset, with an assigned consumer (no group, nothing
 * committed). Found timestamps are cached by partition and offset: the record at an offset never changes, so a
 * stopped consumer costs no fetch per sample. Not thread-safe: one sampler uses it.
 */
public final class OldestRecordProbe implements AutoCloseable {

  private static final int CACHE_LIMIT = 10_000;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration timeout;
  private final Map<Position, Instant> cache = new HashMap<>();

  public OldestRecordProbe(KafkaClients kafka, String clientId, Duration timeout) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A committed offset below the log start (records already deleted): the group would resume at the
    // log start, so its oldest unconsumed record is the first one still there.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Only records a read_committed consumer would see count as waiting; aborted ones never will be consumed.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // One record per partition is all we need: the broker still returns at least one batch.
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1");
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "1");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
    this.consumer = kafka.consumer(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.timeout = timeout;
  }

  /** A position to probe: the first record at or after {@code offset}, if any before {@code end}. */
  public record Position(TopicPartition partition, long offset) {}

  /**
   * The timestamp of the first record at or after each position's offset, for positions with {@code end}
   * beyond it. Positions with no record before their end (transaction markers only) are absent; so are
   * positions not reached within the timeout (they are tried again next sample).
   */
  public Map<Position, Instant> oldest(Map<Position, Long> ends) {
    Map<Position, Instant> found = new HashMap<>();
    List<Position> missing = new ArrayList<>();
    for (Map.Entry<Position, Long> entry : ends.entrySet()) {
      Instant known = cache.get(entry.getKey());
      if (known != null) {
        found.put(entry.getKey(), known);
      } else if (entry.getValue() > entry.getKey().offset()) {
        missing.add(entry.getKey());
      }
    }
    // One offset per partition per round: several groups may wait at different offsets of one partition.
    while (!missing.isEmpty()) {
      Map<TopicPartition, Position> round = new HashMap<>();
      List<Position> later = new ArrayList<>();
      for (Position position : missing) {
        if (round.putIfAbsent(position.partition(), position) != null) {
          later.add(position);
        }
      }
      found.putAll(probe(round, ends));
      missing = later;
    }
    if (cache.size() > CACHE_LIMIT) {
      cache.clear();
    }
    return found;
  }

  private Map<Position, Instant> probe(Map<TopicPartition, Position> round, Map<Position, Long> ends) {
    Map<Position, Instant> found = new HashMap<>();
    consumer.assign(round.keySet());
    round.forEach((partition, position) -> consumer.seek(partition, position.offset()));
    Set<TopicPartition> pending = new HashSet<>(round.keySet());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Position position = round.get(partition);
        if (pending.contains(partition) && record.offset() >= position.offset()) {
          Instant at = Instant.ofEpochMilli(record.timestamp());
          found.put(position, at);
          cache.put(position, at);
          pending.remove(partition);
          consumer.pause(List.of(partition));
        }
      }
      // Reached the end without a record: only transaction markers (or aborted records) were waiting.
      pending.removeIf(partition -> consumer.position(partition, timeout) >= ends.get(round.get(partition)));
    }
    consumer.resume(consumer.paused());
    consumer.assign(List.of());
    return found;
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
  }
}
