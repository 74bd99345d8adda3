package io.tributary.streams.pipeline;

import io.tributary.streams.embedding.Embedder;
import java.util.ArrayList;
import java.util.List;

/** The real embedder, plus a record of the batches it was asked for and a switch to make the next call fail. */
final class RecordingEmbedder implements Embedder {

  private final Embedder delegate;
  private final List<Integer> batchSizes = new ArrayList<>();
  private RuntimeException nextFailure;

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
      nextFailure = null;
      throw failure;
    }
    return delegate.embed(texts);
  }

  synchronized List<Integer> batchSizes() {
    return List.copyOf(batchSizes);
  }

  synchronized void failNextCall(RuntimeException failure) {
    nextFailure = failure;
  }
}
