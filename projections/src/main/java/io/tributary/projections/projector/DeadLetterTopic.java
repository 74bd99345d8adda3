package io.tributary.projections.projector;

import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes dead letters, original key and value bytes with Kafka Connect's error headers, and
 * waits for the broker's acknowledgement: the Postgres transaction that records them commits only
 * afterwards, so an offset never advances past a record that is neither projected nor dead-lettered.
 */
final class DeadLetterTopic implements DeadLetterSink, AutoCloseable {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final Topic<byte[], byte[]> topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Clock clock;
  private int partitions;

  DeadLetterTopic(Topic<byte[], byte[]> topic, KafkaClients kafka, Clock clock) {
    this.topic = topic;
    this.clock = clock;
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-dead-letters-" + topic.name());
    // A dead letter carries the original record, which may be as large as the origin topic allows.
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(topic.maxMessageBytes()));
    this.producer = kafka.producer(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private int partitions() {
    if (partitions == 0) {
      partitions = producer.partitionsFor(topic.name()).size();
    }
    return partitions;
  }

  /** The topic dead letters go to. */
  Topic<byte[], byte[]> topic() {
    return topic;
  }

  /** Sends every letter and returns once all are acknowledged; throws (an infrastructure error) otherwise. */
  @Override
  public void publish(List<DeadLetter> letters) {
    List<Future<RecordMetadata>> sends = new ArrayList<>(letters.size());
    for (DeadLetter letter : letters) {
      RawRecord record = letter.record();
      // Same partition as the origin: the dead letters of one key stay in order. The cluster, not
      // the catalogue, knows how many partitions the topic has (TRIBUTARY_TOPIC_PARTITIONS).
      sends.add(producer.send(new ProducerRecord<>(topic.name(), record.partition() % partitions(), null,
          record.key(), record.value(), headers(letter))));
    }
    for (Future<RecordMetadata> send : sends) {
      await(send);
    }
  }

  private Headers headers(DeadLetter letter) {
    RawRecord record = letter.record();
    Headers headers = new RecordHeaders(record.headers().toArray());
    put(headers, DeadLetterHeaders.ORIGIN_TOPIC, record.topic());
    put(headers, DeadLetterHeaders.ORIGIN_PARTITION, Integer.toString(record.partition()));
    put(headers, DeadLetterHeaders.ORIGIN_OFFSET, Long.toString(record.offset()));
    put(headers, DeadLetterHeaders.EXCEPTION_CLASS, letter.error().errorClass());
    put(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, letter.error().message());
    put(headers, DeadLetterHeaders.ERROR_CODE, letter.error().code().name());
    put(headers, DeadLetterHeaders.FAILED_AT, clock.instant().toString());
    return headers;
  }

  private static void put(Headers headers, String name, String value) {
    // Replace rather than append, as the pipeline does: a re-driven record carries only its latest failure.
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void await(Future<RecordMetadata> send) {
    try {
      send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException("dead letter not acknowledged", e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException("dead letter not acknowledged within " + SEND_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while publishing a dead letter", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
