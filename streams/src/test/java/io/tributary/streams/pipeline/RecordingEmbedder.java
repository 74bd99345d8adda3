package io.tributary.streams.pipeline;

import io.tributary.embedding.Embedder;
import java.util.ArrayList;
import java.util.List;

/** The real embedder, plus a record of the batches it was asked for and a switch to make the next call fail. */
final class RecordingEmbedder implements Embedder {

  private final Embedder delegate;
  private final List<Integer> batchSizes = new ArrayList<>();
  private RuntimeException nextFailure;
  private int failuresLeft;

  RecordingEmbedder(Embedder delegate) {
    this.delegate = delegate;
  }

  @Override
  public String modelId() {
    return delegate.modelId();
  }

  @Override
  public int dimensions() {
    return delegate.dimensions();
  }

  @Override
  public synchronized List<float[]> embed(List<String> texts) {
    batchSizes.add(texts.size());
    if (nextFailure != null) {
      RuntimeException failure = nextFailure;
      if (--failuresLeft <= 0) {
        nextFailure = null;
      }
      throw failure;
    }
    return delegate.embed(texts);
  }

  synchronized List<Integer> batchSizes() {
    return List.copyOf(batchSizes);
  }

  synchronized void failNextCall(RuntimeException failure) {
    failNextCalls(1, failure);
  }

  /** The next {@code count} calls throw {@code failure}; the ones after succeed again. */
  synchronized void failNextCalls(int count, RuntimeException failure) {
    nextFailure = failure;
    failuresLeft = count;
  }

  /** Texts the model was asked to embed, over all batches. */
  synchronized int textsEmbedded() {
    return batchSizes.stream().mapToInt(Integer::intValue).sum();
  }
}
