package io.tributary.streams.embedding;

import io.tributary.embedding.Embedder;
import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Timer;
import java.util.List;

/** Records how long each call of the model takes; below the cache, so only real model work is timed. */
public final class TimedEmbedder extends ForwardingEmbedder {

  private final Timer timer;

  public TimedEmbedder(Embedder delegate, Timer timer) {
    super(delegate);
    this.timer = requireNonNull(timer, "timer");
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return timer.record(() -> delegate.embed(texts));
  }
}
