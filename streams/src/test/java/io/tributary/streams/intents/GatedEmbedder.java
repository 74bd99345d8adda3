package io.tributary.streams.intents;

import io.tributary.embedding.Embedder;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Embeds like {@link NoiseEmbedder}, but a call for more than the inline labels waits for the gate. */
final class GatedEmbedder implements Embedder {
  final CountDownLatch gate = new CountDownLatch(1);
  final AtomicInteger largeCalls = new AtomicInteger();
  final List<String> embedded = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The size of every call. */
  final List<Integer> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
  volatile boolean failLarge;
  private final NoiseEmbedder noise = new NoiseEmbedder();

  @Override
  public String modelId() {
    return noise.modelId();
  }

  @Override
  public int dimensions() {
    return noise.dimensions();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    embedded.addAll(texts);
    calls.add(texts.size());
    if (texts.size() > EmbeddingClassifier.INLINE_LABELS) {
      largeCalls.incrementAndGet();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (failLarge) {
        throw new IllegalStateException("model went away");
      }
    }
    return noise.embed(texts);
  }
}
