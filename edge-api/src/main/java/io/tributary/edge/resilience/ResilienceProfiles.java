package io.tributary.edge.resilience;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.tributary.edge.http.ApiException;
import java.time.Duration;

/**
 * The API's resilience4j policies, one per kind of dependency. Time limits and concurrency come
 * from the settings and are set on a copy ({@code CircuitBreakerConfig.from(PROFILE)...}); the
 * numbers here say how fast a policy gives up on a dependency and how it tries it again.
 */
public final class ResilienceProfiles {

  /**
   * Postgres or Kafka on the request path: half of the last 10 calls failing or slow (4 calls at
   * least, so one early error never opens it) opens it; after 5 s two probes, so a restarted
   * dependency serves again within seconds.
   */
  public static final CircuitBreakerConfig DEPENDENCY = CircuitBreakerConfig.custom()
      .slidingWindowSize(10)
      .minimumNumberOfCalls(4)
      .failureRateThreshold(50)
      .waitDurationInOpenState(Duration.ofSeconds(5))
      .permittedNumberOfCallsInHalfOpenState(2)
      // A refused request (bad input, 404) says nothing about the dependency's health.
      .ignoreExceptions(ApiException.class, IllegalArgumentException.class)
      .build();

  /** A call past its time limit is cancelled, so a worker thread does not keep a dead call going. */
  public static final TimeLimiterConfig DEPENDENCY_TIME_LIMIT = TimeLimiterConfig.custom()
      .cancelRunningFuture(true)
      .build();

  /**
   * Redis, a cache only: opens like {@link #DEPENDENCY}, then rests 10 s and probes with one call;
   * while open every lookup is a miss served from Postgres, so there is no hurry to try again.
   */
  public static final CircuitBreakerConfig REDIS_CACHE = CircuitBreakerConfig.custom()
      .slidingWindowSize(10)
      .minimumNumberOfCalls(4)
      .failureRateThreshold(50)
      .waitDurationInOpenState(Duration.ofSeconds(10))
      .permittedNumberOfCallsInHalfOpenState(1)
      .build();

  /**
   * A search finding every slot taken waits 100 ms: a burst that frees a slot is still served, a
   * sustained overload gets a fast 503 instead of a queue. Refusals carry no stack trace.
   */
  public static final BulkheadConfig SEARCH = BulkheadConfig.custom()
      .maxWaitDuration(Duration.ofMillis(100))
      .writableStackTraceEnabled(false)
      .build();

  private ResilienceProfiles() {}
}
