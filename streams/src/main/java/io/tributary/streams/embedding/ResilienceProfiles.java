package io.tributary.streams.embedding;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;

/**
 * The resilience4j policies of the remote embedding client. Attempts and the first backoff come
 * from {@link OpenAiSettings}; the numbers here say when the client stops calling a failing service.
 */
public final class ResilienceProfiles {

  /**
   * An embeddings API: half of the last 10 batches failing (5 at least) opens it, then 30 s without
   * calls, long enough for a provider's rate-limit window or restart, each batch failing fast meanwhile.
   */
  public static final CircuitBreakerConfig EMBEDDINGS_API = CircuitBreakerConfig.custom()
      .slidingWindowSize(10)
      .minimumNumberOfCalls(5)
      .failureRateThreshold(50)
      .waitDurationInOpenState(Duration.ofSeconds(30))
      .build();

  /** Doublings of the first backoff at most: the attempts bound the wait, this only keeps the shift from overflowing. */
  static final int MAX_BACKOFF_DOUBLINGS = 16;

  private ResilienceProfiles() {}

  /**
   * Retries of one batch of embeddings on the failures the client marks retryable, up to the
   * settings' attempts: after exactly the server's {@code Retry-After} when it sends one, else
   * after a backoff doubling from the settings' first wait.
   */
  static RetryConfig embeddingsRetry(OpenAiSettings settings) {
    return RetryConfig.<List<float[]>>custom()
        .maxAttempts(settings.maxAttempts())
        .retryOnException(e -> e instanceof EmbeddingServiceException s && s.retryable())
        .intervalBiFunction(backoff(settings))
        .build();
  }

  private static IntervalBiFunction<List<float[]>> backoff(OpenAiSettings settings) {
    long initialMillis = settings.initialBackoff().toMillis();
    return (attempt, outcome) -> {
      if (outcome.isLeft() && outcome.getLeft() instanceof EmbeddingServiceException e && e.retryAfter().isPresent()) {
        return e.retryAfter().get().toMillis();
      }
      return initialMillis << Math.min(attempt - 1, MAX_BACKOFF_DOUBLINGS);
    };
  }
}
