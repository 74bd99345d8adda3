package io.tributary.projections.projector;

import java.time.Instant;
import java.util.HexFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record as its bytes, before decoding: what a projector consumes, dead-letters and parks.
 *
 * @param time the record's timestamp; {@code null} when unknown (parked rows from old brokers)
 */
record RawRecord(
    String topic, int partition, long offset, Instant time, byte[] key, byte[] value, Headers headers) {

  RawRecord {
    headers = headers == null ? new RecordHeaders() : headers;
  }

  static RawRecord of(ConsumerRecord<byte[], byte[]> record) {
    Instant time = record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp());
    return new RawRecord(record.topic(), record.partition(), record.offset(), time, record.key(),
        record.value(), record.headers());
  }

  /** The key as hex, the form parked keys are compared in; {@code null} for a record without a key. */
  String keyHex() {
    return key == null ? null : HexFormat.of().formatHex(key);
  }

  /** Where the record came from, for messages: never its content. */
  String origin() {
    return topic + "-" + partition + "@" + offset;
  }
}
