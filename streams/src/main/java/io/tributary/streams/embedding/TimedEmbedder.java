package io.tributary.streams.embedding;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Timer;
import io.tributary.streams.chunking.TokenCounter;
import java.util.List;
import java.util.Optional;

/** Records how long each call of the model takes; below the cache, so only real model work is timed. */
public final class TimedEmbedder implements Embedder {

  private final Embedder delegate;
  private final Timer timer;

  public TimedEmbedder(Embedder delegate, Timer timer) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.timer = requireNonNull(timer, "timer");
  }

  @Override
  public String modelId() {
    return delegate.modelId();
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public int dimensions() {
    return delegate.dimensions();
  }

  @Override
  public Optional<TokenCounter> tokenCounter() {
    return delegate.tokenCounter();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return timer.record(() -> delegate.embed(texts));
  }
}
