package io.tributary.streams.pipeline;

import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Headers of a dead letter: the original headers plus where the record came from and why it failed. */
public final class DeadLetters {

  private DeadLetters() {}

  /** The dead-letter headers for a record that failed with {@code failure}. */
  public static Headers headers(
      Headers original, Optional<RecordMetadata> origin, InvalidRecordException failure, Instant failedAt) {
    // A copy: the input record's headers belong to the input record.
    Headers headers = new RecordHeaders(original.toArray());
    origin.ifPresent(
        metadata -> {
          put(headers, DeadLetterHeaders.ORIGIN_TOPIC, metadata.topic());
          put(headers, DeadLetterHeaders.ORIGIN_PARTITION, Integer.toString(metadata.partition()));
          put(headers, DeadLetterHeaders.ORIGIN_OFFSET, Long.toString(metadata.offset()));
        });
    // An unexpected error names the exception that was thrown, not the wrapper that carries its code.
    Throwable named = failure.code() == ErrorCode.UNEXPECTED_ERROR && failure.getCause() != null
        ? failure.getCause() : failure;
    put(headers, DeadLetterHeaders.EXCEPTION_CLASS, named.getClass().getName());
    put(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, String.valueOf(failure.getMessage()));
    put(headers, DeadLetterHeaders.ERROR_CODE, failure.code().name());
    put(headers, DeadLetterHeaders.FAILED_AT, failedAt.toString());
    return headers;
  }

  private static void put(Headers headers, String name, String value) {
    // Replace rather than append: a record re-driven from a DLQ must carry only its latest failure.
    // Strings in UTF-8, as Kafka Connect writes them, so the same tools read both.
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
