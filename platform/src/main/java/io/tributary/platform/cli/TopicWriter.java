package io.tributary.platform.cli;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the records of one operator command to one topic with an idempotent producer
 * ({@code acks=all}); {@link #flush()} waits for every write and fails if any failed. Sends block
 * while the producer's buffer is full, so a long input is never held in memory. An
 * {@link #atomic atomic} writer puts everything in one transaction that {@link #flush()} commits:
 * {@code read_committed} readers see all of it or none.
 */
final class TopicWriter<K, V> implements AutoCloseable {

  private final Topic<K, V> topic;
  private final KafkaProducer<K, V> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final boolean transactional;
  private long sent;

  TopicWriter(KafkaClients kafka, Topic<K, V> topic, String clientId) {
    this(kafka, topic, clientId, null);
  }

  private TopicWriter(KafkaClients kafka, Topic<K, V> topic, String clientId, String transactionalId) {
    this.topic = requireNonNull(topic, "topic");
    Map<String, Object> config = new HashMap<>(Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, clientId,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(topic.maxMessageBytes()),
        ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000",
        // One request in flight: requests to a partition created a moment ago (the command creates missing
        // topics) cannot overtake a retried one and leave it failing as out of order (KAFKA-15591).
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1"));
    if (transactionalId != null) {
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    this.producer = kafka.producer(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
    this.transactional = transactionalId != null;
    if (transactional) {
      // A second command with the same id fences this one's open transaction, and the other way round.
      producer.initTransactions();
      producer.beginTransaction();
    }
  }

  /** A writer whose records become visible together, at {@link #flush()}, or not at all. */
  static <K, V> TopicWriter<K, V> atomic(KafkaClients kafka, Topic<K, V> topic, String clientId,
      String transactionalId) {
    return new TopicWriter<>(kafka, topic, clientId, requireNonNull(transactionalId, "transactionalId"));
  }

  /** Sends one record ({@code value} null: a tombstone); fails early once an earlier write failed. */
  void send(K key, V value) {
    failed();
    producer.send(new ProducerRecord<>(topic.name(), key, value), (metadata, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      }
    });
    sent++;
  }

  /** Waits until the broker has every record sent so far (an atomic writer commits them); returns how many. */
  long flush() {
    producer.flush();
    failed();
    if (transactional) {
      producer.commitTransaction();
    }
    return sent;
  }

  private void failed() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("could not write to " + topic.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
