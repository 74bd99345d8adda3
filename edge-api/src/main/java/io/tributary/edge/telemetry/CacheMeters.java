package io.tributary.edge.telemetry;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.edge.cache.ResponseCache;

/**
 * The response cache's counters as meters: lookups by result and the hit ratio since start. A
 * lookup Redis could not answer counts as {@code error} and also as {@code miss} (it was served
 * from Postgres).
 */
public final class CacheMeters {

  private CacheMeters() {}

  /** Registers the meters of {@code cache} under the label {@code name}, and its breaker's states. */
  public static void register(MeterRegistry meters, String name, ResponseCache cache) {
    counter(meters, name, "hit", cache, c -> c.stats().hits());
    counter(meters, name, "miss", cache, c -> c.stats().misses());
    counter(meters, name, "error", cache, c -> c.stats().errors());
    Gauge.builder("tributary.cache.hit.ratio", cache, CacheMeters::hitRatio)
        .description("Cache hits / (hits + misses) since start; 0 before the first lookup")
        .tag("cache", name)
        .register(meters);
    BreakerStates.register(meters, "redis-" + name, () -> cache.stats().breaker());
  }

  private static void counter(MeterRegistry meters, String name, String result, ResponseCache cache,
      java.util.function.ToDoubleFunction<ResponseCache> count) {
    FunctionCounter.builder("tributary.cache.requests", cache, count)
        .description("Response cache lookups, by result")
        .tag("cache", name)
        .tag("result", result)
        .register(meters);
  }

  private static double hitRatio(ResponseCache cache) {
    ResponseCache.CacheStats stats = cache.stats();
    long total = stats.hits() + stats.misses();
    return total == 0 ? 0 : (double) stats.hits() / total;
  }
}
