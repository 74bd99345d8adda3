package io.tributary.edge.testing;

import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads back what the API wrote to a topic ({@code docs.submitted.v1} by default), as raw bytes with headers. */
public final class SubmittedRecords {

  private SubmittedRecords() {}

  /** The record at {@code partition}/{@code offset} of {@code docs.submitted.v1}; fails after 10 s. */
  public static ConsumerRecord<String, byte[]> readOne(String bootstrap, int partition, long offset) {
    return readOne(bootstrap, Topics.DOCS_SUBMITTED.name(), partition, offset);
  }

  /** The record at {@code partition}/{@code offset} of {@code topic}; fails after 10 s. */
  public static ConsumerRecord<String, byte[]> readOne(String bootstrap, String topic, int partition, long offset) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
        Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, partition);
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() == offset) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no record at " + partition + "/" + offset);
  }

  /** Header {@code name} of {@code record} as UTF-8; null when absent. */
  public static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
