package io.tributary.streams.runtime;

import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.streams.embedding.EmbedderUnavailableException;
import io.tributary.streams.embedding.EmbeddingServiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;

/**
 * Runs the processing of one record and sorts its failures: a data error ({@link
 * InvalidRecordException}) and an outage (the broker, a state store, the embedding service) are
 * rethrown as they are, so the caller dead-letters the one and Kafka Streams retries the other for
 * as long as it lasts; any other failure is unclassified and is retried at most {@code attempts}
 * times, then handed back so the caller can dead-letter the record as {@code UNEXPECTED_ERROR}
 * instead of stalling its partition forever.
 */
public final class RecordAttempts {

  /** Attempts of a record whose processing fails with an unclassified exception. */
  public static final int DEFAULT_ATTEMPTS = 3;

  private final int attempts;

  public RecordAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
    }
    this.attempts = attempts;
  }

  /** Runs {@code work}; empty when it succeeded, the last unclassified failure when every attempt failed. */
  public Optional<Throwable> run(Runnable work) {
    Throwable last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        work.run();
        return Optional.empty();
      } catch (RuntimeException | StackOverflowError e) {
        if (e instanceof InvalidRecordException || isOutage(e)) {
          throw e;
        }
        last = e;
      }
    }
    return Optional.of(last);
  }

  /** Whether {@code failure} or a cause is a failure of the broker, a store, the network or the embedder. */
  static boolean isOutage(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof KafkaException
          || cause instanceof EmbeddingServiceException
          || cause instanceof EmbedderUnavailableException
          || cause instanceof IOException
          || cause instanceof UncheckedIOException
          || cause instanceof TimeoutException
          || cause instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  /** The data error a record that failed with {@code failure} on every attempt is dead-lettered with. */
  public static InvalidRecordException unexpected(Throwable failure) {
    return new InvalidRecordException(io.tributary.schemas.errors.ErrorCode.UNEXPECTED_ERROR,
        failure.getClass().getName() + ": " + failure.getMessage(), failure);
  }
}
