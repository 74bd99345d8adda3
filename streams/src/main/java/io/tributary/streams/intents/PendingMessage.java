package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A readable agent message waiting for its batch, kept exactly as it arrived (key, value,
 * timestamp, headers) so that routing it later is the same as routing it at once.
 */
record PendingMessage(byte[] key, byte[] value, long timestamp, List<PendingHeader> headers) {

  /** One record header; the value may be null. */
  record PendingHeader(String name, byte[] value) {}

  PendingMessage {
    requireNonNull(value, "value");
    headers = List.copyOf(requireNonNull(headers, "headers"));
  }

  static PendingMessage of(Record<byte[], byte[]> record) {
    List<PendingHeader> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      headers.add(new PendingHeader(header.key(), header.value()));
    }
    return new PendingMessage(record.key(), record.value(), record.timestamp(), headers);
  }

  /** The record as it arrived. */
  Record<byte[], byte[]> record() {
    Headers restored = new RecordHeaders();
    headers.forEach(h -> restored.add(h.name(), h.value()));
    return new Record<>(key, value, timestamp, restored);
  }
}
