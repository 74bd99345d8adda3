package io.tributary.platform.cli;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the records of one operator command to one topic with an idempotent producer
 * ({@code acks=all}); {@link #flush()} waits for every write and fails if any failed. Sends block
 * while the producer's buffer is full, so a long input is never held in memory.
 */
final class TopicWriter<K, V> implements AutoCloseable {

  private final Topic<K, V> topic;
  private final KafkaProducer<K, V> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private long sent;

  TopicWriter(KafkaClients kafka, Topic<K, V> topic, String clientId) {
    this.topic = requireNonNull(topic, "topic");
    this.producer = kafka.producer(Map.of(
            ProducerConfig.CLIENT_ID_CONFIG, clientId,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(topic.maxMessageBytes()),
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000",
            // One request in flight: requests to a partition created a moment ago (the command creates missing
            // topics) cannot overtake a retried one and leave it failing as out of order (KAFKA-15591).
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1"),
        topic.keySerde().serializer(), topic.valueSerde().serializer());
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

  /** Waits until the broker has every record sent so far; returns how many. */
  long flush() {
    producer.flush();
    failed();
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
