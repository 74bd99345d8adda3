package io.tributary.streams.embedding;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Drops embedding cache entries older than the policy's age and stamps unstamped (older format)
 * ones, so they age from now; counts what it dropped and kept in {@link CacheStatistics}.
 */
public final class EmbeddingCacheSweep {

  private final KeyValueStore<String, byte[]> store;
  private final EmbeddingCachePolicy policy;
  private final Clock clock;
  private final CacheStatistics statistics;

  public EmbeddingCacheSweep(KeyValueStore<String, byte[]> store, EmbeddingCachePolicy policy, Clock clock,
      CacheStatistics statistics) {
    this.store = requireNonNull(store, "store");
    this.policy = requireNonNull(policy, "policy");
    this.clock = requireNonNull(clock, "clock");
    this.statistics = requireNonNull(statistics, "statistics");
  }

  /** One pass over the store; returns how many entries it dropped. */
  public int run() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(policy.maxAge());
    List<String> expired = new ArrayList<>();
    List<KeyValue<String, byte[]>> stamped = new ArrayList<>();
    long kept = 0;
    // Changes after the scan: a store must not be written while one of its iterators is open.
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        CachedVector cached = CachedVector.decode(entry.value);
        if (cached.storedAt() == null) {
          stamped.add(KeyValue.pair(entry.key, CachedVector.encode(cached.vector(), now)));
          kept++;
        } else if (cached.storedAt().isBefore(cutoff)) {
          expired.add(entry.key);
        } else {
          kept++;
        }
      }
    }
    expired.forEach(store::delete);
    if (!stamped.isEmpty()) {
      store.putAll(stamped);
    }
    statistics.swept(this, expired.size(), kept);
    return expired.size();
  }
}
