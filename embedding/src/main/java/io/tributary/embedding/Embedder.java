package io.tributary.embedding;

import java.util.List;
import java.util.Optional;

/**
 * Turns texts into vectors: the port behind which in-process models, HTTP services and caches sit.
 *
 * <p>Implementations are thread-safe. A {@link RuntimeException} from {@link #embed} is an
 * infrastructure failure (model not loadable, service down), never a verdict on the input.
 */
public interface Embedder {

  /** Stable id of the model; stored with every vector so that read models never mix models. */
  String modelId();

  /**
   * Who computes the vectors ({@code minilm}, {@code openai}): the {@code provider} label of the
   * embedding latency metric. Wrappers report their delegate's.
   */
  default String provider() {
    return "other";
  }

  /** Length of every vector this embedder returns. */
  int dimensions();

  /**
   * Embeds a batch: one L2-normalised vector of {@link #dimensions()} per text, in the order of
   * {@code texts}. Texts must contain something to embed (not blank); an empty list gives an
   * empty list.
   */
  List<float[]> embed(List<String> texts);

  /**
   * The model's own tokenizer and window, when the embedder has them in process: chunk limits are
   * then exact. Empty for providers whose tokenizer is remote.
   */
  default Optional<TokenCounter> tokenCounter() {
    return Optional.empty();
  }
}
