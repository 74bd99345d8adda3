package io.tributary.streams.embedding;

import io.tributary.embedding.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embeds each distinct text once for the life of the object. For offline evaluations, which embed
 * the same labels under several snapshots (cross-validation folds); it never forgets, so it is not
 * for services: they use {@link CachedEmbedder} over a bounded store.
 */
public final class MemoizingEmbedder extends ForwardingEmbedder {

  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

  public MemoizingEmbedder(Embedder delegate) {
    super(delegate);
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<String> missing = texts.stream().filter(t -> !vectors.containsKey(t)).distinct().toList();
    if (!missing.isEmpty()) {
      List<float[]> fresh = delegate.embed(missing);
      if (fresh.size() != missing.size()) {
        throw new IllegalStateException(modelId() + " returned " + fresh.size() + " vectors for " + missing.size() + " texts");
      }
      for (int i = 0; i < missing.size(); i++) {
        vectors.put(missing.get(i), fresh.get(i));
      }
    }
    List<float[]> out = new ArrayList<>(texts.size());
    texts.forEach(t -> out.add(vectors.get(t)));
    return out;
  }

  /** Distinct texts embedded so far. */
  public int size() {
    return vectors.size();
  }
}
