package io.tributary.edge.search;

import io.tributary.edge.http.ApiException;
import io.tributary.embedding.Embedder;

/**
 * The embedder a query must use: the one of the live generation's model (ADR 12), so a query
 * vector is only ever compared with chunk vectors of the same model.
 */
@FunctionalInterface
public interface QueryEmbedders {

  /**
   * The embedder of {@code model}; {@code model} null (no model recorded for the live generation)
   * means the configured one.
   *
   * @throws ApiException 503 {@code EMBEDDING_MODEL_MISMATCH} when no embedder of that model is available
   */
  Embedder forModel(String model);

  /** Only {@code embedder}: a live generation of another model is refused. */
  static QueryEmbedders only(Embedder embedder) {
    return model -> {
      if (model != null && !model.equals(embedder.modelId())) {
        throw mismatch(model, embedder.modelId());
      }
      return embedder;
    };
  }

  /** The refusal for a live generation of {@code liveModel} when queries can only be embedded with {@code available}. */
  static ApiException mismatch(String liveModel, String available) {
    return new ApiException(503, "EMBEDDING_MODEL_MISMATCH", "the live read model holds vectors of model " + liveModel
        + " but this API embeds queries with " + available
        + "; restart it with the live generation's model (keyword search still works)");
  }
}
