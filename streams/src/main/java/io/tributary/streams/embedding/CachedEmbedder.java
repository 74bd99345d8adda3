package io.tributary.streams.embedding;

import io.tributary.embedding.Embedder;
import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Embeds through a key-value store keyed by (model id, SHA-256 of the text): only texts never
 * embedded by this model reach the model, in one batch; the rest come from the store. In the
 * pipeline the store is a Kafka Streams store with a changelog, so the cache survives restarts,
 * failovers and replays and commits with the output (exactly-once).
 */
public final class CachedEmbedder extends ForwardingEmbedder {

  private final KeyValueStore<String, byte[]> store;
  private final CacheStatistics statistics;

  public CachedEmbedder(Embedder delegate, KeyValueStore<String, byte[]> store, CacheStatistics statistics) {
    super(delegate);
    this.store = requireNonNull(store, "store");
    this.statistics = requireNonNull(statistics, "statistics");
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<String> keys = texts.stream().map(this::key).toList();
    List<float[]> vectors = new ArrayList<>(texts.size());
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      byte[] cached = store.get(keys.get(i));
      vectors.add(cached == null ? null : decode(cached));
      if (cached == null) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      // Each distinct text once, even when a document repeats a paragraph.
      List<String> distinct = missing.stream().map(texts::get).distinct().toList();
      List<float[]> fresh = delegate.embed(distinct);
      if (fresh.size() != distinct.size()) {
        throw new IllegalStateException(modelId() + " returned " + fresh.size() + " vectors for " + distinct.size() + " texts");
      }
      Map<String, float[]> byText = new HashMap<>();
      for (int i = 0; i < distinct.size(); i++) {
        byText.put(distinct.get(i), fresh.get(i));
      }
      for (int i : missing) {
        float[] vector = byText.get(texts.get(i));
        vectors.set(i, vector);
        store.put(keys.get(i), encode(vector));
      }
    }
    statistics.record(texts.size() - missing.size(), missing.size());
    return vectors;
  }

  /** The cache key of {@code text} for this model. */
  String key(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return modelId() + ":" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }

  private static byte[] encode(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  private static float[] decode(byte[] bytes) {
    float[] vector = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
