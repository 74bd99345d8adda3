package io.tributary.streams.embedding;

import io.tributary.embedding.Embedder;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a failing embedder with exponential backoff, blocking the caller (the stream thread)
 * meanwhile: an embedding failure is an outage, not a verdict on the document, so the document
 * waits rather than going to the dead-letter topic. When the policy's budget is spent the last
 * failure propagates, the stream thread is replaced, and the record is processed again from the
 * last commit: still not lost, still not dead-lettered.
 */
public final class RetryingEmbedder extends ForwardingEmbedder {

  private static final Logger log = LoggerFactory.getLogger(RetryingEmbedder.class);

  /** Waits between attempts; a seam so tests need not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final RetryPolicy policy;
  private final Sleeper sleeper;

  public RetryingEmbedder(Embedder delegate, RetryPolicy policy) {
    this(delegate, policy, duration -> Thread.sleep(duration));
  }

  public RetryingEmbedder(Embedder delegate, RetryPolicy policy, Sleeper sleeper) {
    super(delegate);
    this.policy = requireNonNull(policy, "policy");
    this.sleeper = requireNonNull(sleeper, "sleeper");
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    Duration waited = Duration.ZERO;
    for (int attempt = 1; ; attempt++) {
      try {
        return delegate.embed(texts);
      } catch (RuntimeException failure) {
        Duration delay = policy.delay(attempt);
        if (!policy.retries() || waited.plus(delay).compareTo(policy.budget()) > 0) {
          log.atError().addKeyValue("model", modelId()).addKeyValue("attempts", attempt).setCause(failure)
              .log("embedder still failing after the retry budget; handing the failure to the stream thread");
          throw new EmbedderUnavailableException(modelId(), failure);
        }
        log.atWarn().addKeyValue("model", modelId()).addKeyValue("attempt", attempt)
            .addKeyValue("retry_in_ms", delay.toMillis()).addKeyValue("error", failure.toString())
            .log("embedder failed; retrying with backoff");
        pause(delay, failure);
        waited = waited.plus(delay);
      }
    }
  }

  private void pause(Duration delay, RuntimeException failure) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(e);
      throw new EmbedderUnavailableException(modelId(), failure);
    }
  }
}
