package io.tributary.streams.embedding;

import io.tributary.embedding.Embedder;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddingCacheSweepTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final EmbeddingCachePolicy POLICY = new EmbeddingCachePolicy(Duration.ofDays(30), Duration.ofMinutes(10));

  private KeyValueStore<String, byte[]> store;
  private final CacheStatistics statistics = new CacheStatistics();

  @BeforeEach
  void openStore() {
    store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("embedding-cache"), Serdes.String(),
        Serdes.ByteArray()).withLoggingDisabled().build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
  }

  @Test
  void shouldDropEntriesOlderThanTheMaxAgeAndStampEntriesWithoutATime() {
    float[] vector = {0.6f, 0.8f};
    store.put("old", CachedVector.encode(vector, NOW.minus(Duration.ofDays(31))));
    store.put("recent", CachedVector.encode(vector, NOW.minus(Duration.ofDays(29))));
    store.put("legacy", legacy(vector));

    int dropped = new EmbeddingCacheSweep(store, POLICY, Clock.fixed(NOW, ZoneOffset.UTC), statistics).run();

    assertThat(dropped).isEqualTo(1);
    assertThat(store.get("old")).isNull();
    assertThat(CachedVector.decode(store.get("legacy")).storedAt()).isEqualTo(NOW);
    assertThat(CachedVector.decode(store.get("legacy")).vector()).containsExactly(vector);
    assertThat(statistics.evictions()).isEqualTo(1);
    assertThat(statistics.entries()).isEqualTo(2);
  }

  @Test
  void shouldTreatAnExpiredEntryAsAMissAndRefreshAnAgeingEntryOnAHit() {
    Embedder model = new FixedEmbedder();
    store.put(key(model, "expired"), CachedVector.encode(new float[] {1f, 0f}, NOW.minus(Duration.ofDays(40))));
    store.put(key(model, "ageing"), CachedVector.encode(new float[] {0f, 1f}, NOW.minus(Duration.ofDays(20))));
    CachedEmbedder cached = new CachedEmbedder(model, store, statistics, POLICY, Clock.fixed(NOW, ZoneOffset.UTC));

    List<float[]> vectors = cached.embed(List.of("expired", "ageing"));

    assertThat(vectors.get(0)).containsExactly(0.5f, 0.5f);
    assertThat(vectors.get(1)).containsExactly(0f, 1f);
    assertThat(statistics.misses()).isEqualTo(1);
    assertThat(CachedVector.decode(store.get(key(model, "ageing"))).storedAt()).isEqualTo(NOW);
  }

  private String key(Embedder model, String text) {
    return new CachedEmbedder(model, store, statistics).key(text);
  }

  private static byte[] legacy(float[] vector) {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(vector.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  /** Every text embeds to (0.5, 0.5). */
  private static final class FixedEmbedder implements Embedder {
    @Override
    public String modelId() {
      return "fixed";
    }

    @Override
    public int dimensions() {
      return 2;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      return texts.stream().map(t -> new float[] {0.5f, 0.5f}).toList();
    }
  }
}
