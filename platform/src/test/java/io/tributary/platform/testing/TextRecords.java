package io.tributary.platform.testing;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.schemas.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Raw JSON records on the document topics, written and read as any outside producer and reader would. */
public final class TextRecords {

  private TextRecords() {}

  /** A producer of string keys and values that waits for every in-sync replica. */
  public static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
  }

  /** Writes {@code value} (null: a tombstone) under {@code key} and waits for the acknowledgement. */
  public static void send(KafkaProducer<String, String> producer, String topic, String key, String value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A submitted document's JSON, as an outside producer writes it. */
  public static String document(String tenant, String id, String text) {
    try {
      return Json.mapper().writeValueAsString(Map.of("id", id, "tenant", tenant, "title", "Kettle", "text", text));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every committed record of {@code topic} (one partition) from its beginning to its end now. */
  public static List<ConsumerRecord<String, String>> readCommitted(EmbeddedKafka kafka, String topic) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      while (consumer.position(partition) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          if (record.offset() < end) {
            records.add(record);
          }
        });
      }
      return records;
    }
  }
}
