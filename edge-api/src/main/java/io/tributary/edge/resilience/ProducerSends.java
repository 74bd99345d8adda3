package io.tributary.edge.resilience;

import io.tributary.edge.http.ApiException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Waits for a Kafka send and tells the client's fault from the broker's: a record too large for
 * the topic is a 413 for that client, raised as an {@link ApiException} so that the breaker of
 * {@link GuardedCalls} ignores it. Every other failure stays a dependency failure.
 */
public final class ProducerSends {

  private ProducerSends() {}

  /** The result of {@code send}; throws 413 {@code RECORD_TOO_LARGE} or the send's own failure. */
  public static <T> T await(Future<T> send) throws ExecutionException, InterruptedException {
    try {
      return send.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RecordTooLargeException || e.getCause() instanceof RecordBatchTooLargeException) {
        throw tooLarge();
      }
      throw e;
    }
  }

  /** The answer to a record the topic cannot hold. */
  public static ApiException tooLarge() {
    return new ApiException(413, "RECORD_TOO_LARGE",
        "the record built from this request is larger than the topic accepts; send a smaller body");
  }
}
