package io.tributary.streams.embedding;

import java.time.Duration;
import java.util.Optional;

/** The embeddings service failed a request; says whether trying again can help and when. */
public final class EmbeddingServiceException extends RuntimeException {

  private final int status;
  private final boolean retryable;
  private final Duration retryAfter;

  EmbeddingServiceException(String message, int status, boolean retryable, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** HTTP status, 0 when no answer arrived. */
  public int status() {
    return status;
  }

  /** Whether the same request may succeed later (429, 5xx, timeouts, connection failures). */
  public boolean retryable() {
    return retryable;
  }

  /** The wait the server asked for (Retry-After), if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
