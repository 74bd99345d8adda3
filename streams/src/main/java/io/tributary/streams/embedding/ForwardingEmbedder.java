package io.tributary.streams.embedding;

import io.tributary.embedding.Embedder;
import static java.util.Objects.requireNonNull;

import io.tributary.embedding.TokenCounter;
import java.util.Optional;

/**
 * An embedder that wraps another (cache, retries, timing) and answers everything but
 * {@link #embed} as the wrapped one does: a decorator must never change the model a vector is
 * attributed to.
 */
public abstract class ForwardingEmbedder implements Embedder {

  /** The wrapped embedder. */
  protected final Embedder delegate;

  protected ForwardingEmbedder(Embedder delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  @Override
  public final String modelId() {
    return delegate.modelId();
  }

  @Override
  public final String provider() {
    return delegate.provider();
  }

  @Override
  public final int dimensions() {
    return delegate.dimensions();
  }

  @Override
  public final Optional<TokenCounter> tokenCounter() {
    return delegate.tokenCounter();
  }
}
