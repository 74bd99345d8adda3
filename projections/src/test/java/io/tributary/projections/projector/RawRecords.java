package io.tributary.projections.projector;

import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Byte records of {@code docs.embedded.v1} as a consumer hands them to a projector. */
final class RawRecords {

  private RawRecords() {}

  static ConsumerRecord<byte[], byte[]> of(TopicPartition partition, long offset, String key, EmbeddedDocument value) {
    String topic = partition.topic();
    byte[] keyBytes = key == null ? null : Topics.DOCS_EMBEDDED.keySerde().serializer().serialize(topic, key);
    byte[] valueBytes = value == null ? null : Topics.DOCS_EMBEDDED.valueSerde().serializer().serialize(topic, value);
    return bytes(partition, offset, keyBytes, valueBytes);
  }

  static ConsumerRecord<byte[], byte[]> bytes(TopicPartition partition, long offset, byte[] key, byte[] value) {
    return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, key, value);
  }
}
