package io.tributary.edge.cache;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.edge.resilience.ResilienceProfiles;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Response bodies in Redis. The cache is an optimisation only: when Redis is down or slower than
 * the time limit, a lookup is a miss and a store is skipped, never an error; a circuit breaker stops
 * calling a Redis that keeps failing and logs once when it opens.
 */
public final class ResponseCache {

  private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);

  private final StatefulRedisConnection<String, String> redis;
  private final String namespace;
  private final Duration ttl;
  private final Duration timeout;
  private final CircuitBreaker breaker;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();

  /**
   * @param namespace prefix of every key, so processes or tests sharing one Redis never share entries
   * @param ttl how long an entry lives at most
   * @param timeout the longest a Redis call may take before it counts as a miss
   */
  public ResponseCache(StatefulRedisConnection<String, String> redis, String namespace, Duration ttl,
      Duration timeout) {
    this.redis = requireNonNull(redis, "redis");
    this.namespace = requireNonNull(namespace, "namespace") + ":";
    this.ttl = requireNonNull(ttl, "ttl");
    this.timeout = requireNonNull(timeout, "timeout");
    this.breaker = CircuitBreaker.of("redis-cache",
        CircuitBreakerConfig.from(ResilienceProfiles.REDIS_CACHE).slowCallDurationThreshold(timeout).build());
    breaker.getEventPublisher().onStateTransition(event ->
        log.warn("redis cache circuit breaker: {}; serving from Postgres meanwhile", event.getStateTransition()));
  }

  /** The value under {@code key}; empty on a miss and whenever Redis cannot answer in time. */
  public Optional<String> get(String key) {
    return lookup(key).await();
  }

  /**
   * Starts looking {@code key} up and returns at once, so the caller can work while Redis answers;
   * {@link Lookup#await()} gives the answer under the same rules as {@link #get(String)}.
   */
  public Lookup lookup(String key) {
    if (!breaker.tryAcquirePermission()) {
      // Breaker open: a plain miss, already logged once at the transition.
      return new Lookup(null, System.nanoTime());
    }
    long started = System.nanoTime();
    try {
      Lookup lookup = new Lookup(redis.async().get(namespace + key).toCompletableFuture(), started);
      lookup.answer.whenComplete((value, failure) -> lookup.settle(failure));
      return lookup;
    } catch (RuntimeException e) {
      report(started, e);
      return new Lookup(null, started);
    }
  }

  /**
   * Stores {@code value} under {@code key} with the TTL without waiting for Redis: the answer is
   * already computed, so the request does not pay a round trip; failures only count.
   */
  public void put(String key, String value) {
    if (!breaker.tryAcquirePermission()) {
      return;
    }
    long started = System.nanoTime();
    try {
      redis.async().set(namespace + key, value, SetArgs.Builder.ex(ttl))
          .whenComplete((ok, failure) -> report(started, failure));
    } catch (RuntimeException e) {
      report(started, e);
    }
  }

  /** Tells the breaker how a Redis call started at {@code started} ended; a failure also counts as an error. */
  private void report(long started, Throwable failure) {
    long elapsed = System.nanoTime() - started;
    if (failure == null) {
      breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
    } else {
      errors.incrementAndGet();
      breaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
    }
  }

  /**
   * A lookup in flight. The breaker hears how long Redis itself took (not how long the caller
   * worked before asking for the answer), or a timeout if the answer is later than the limit.
   */
  public final class Lookup {
    private final CompletableFuture<String> answer;
    private final long started;
    private final AtomicBoolean settled = new AtomicBoolean();

    private Lookup(CompletableFuture<String> answer, long started) {
      this.answer = answer;
      this.started = started;
    }

    /** The value; empty on a miss, when Redis failed, or when it has not answered within the time limit. */
    public Optional<String> await() {
      if (answer == null) {
        misses.incrementAndGet();
        return Optional.empty();
      }
      long left = timeout.toNanos() - (System.nanoTime() - started);
      try {
        String value = answer.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        (value == null ? misses : hits).incrementAndGet();
        return Optional.ofNullable(value);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (TimeoutException e) {
        settle(e);
        answer.cancel(false);
      } catch (ExecutionException | CancellationException e) {
        // Already told to the breaker when the command failed.
      }
      misses.incrementAndGet();
      return Optional.empty();
    }

    private void settle(Throwable failure) {
      // Once: a lookup that timed out is cancelled, and the cancellation completes it again.
      if (settled.compareAndSet(false, true)) {
        report(started, failure);
      }
    }
  }

  /** Counters since start. */
  public CacheStats stats() {
    return new CacheStats(hits.get(), misses.get(), errors.get(), breaker.getState().name());
  }

  /** Hit, miss and error counts and the breaker state. */
  public record CacheStats(long hits, long misses, long errors, String breaker) {}
}
