package io.tributary.edge.resilience;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.tributary.edge.http.ApiException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to one dependency (Postgres, Kafka) under a time limit and a circuit breaker, both built
 * once here. A call that fails, times out or is refused by an open breaker ends as a 503 envelope;
 * the caller's code stays plain.
 */
public final class GuardedCalls implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GuardedCalls.class);

  private final String dependency;
  private final CircuitBreaker breaker;
  private final TimeLimiter limiter;
  private final Isolation isolation;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /** Where a guarded call runs, and so who keeps its time limit. */
  public enum Isolation {
    /**
     * On the caller's thread; the dependency's client keeps the time limit itself (for Postgres,
     * {@code Database.bounded}: statement timeout, pool wait and socket timeout). No thread hand-off,
     * which on a busy machine costs as much as a fast query.
     */
    CALLER_THREAD,
    /** On a worker thread that the caller stops waiting for at the time limit: for clients without one. */
    WORKER_THREAD
  }

  /**
   * Calls on a worker thread, see {@link Isolation#WORKER_THREAD}.
   *
   * @param dependency the name shown in logs and in the 503 message, e.g. {@code the search read model}
   * @param timeout the longest a call may take before the request is answered with 503
   */
  public GuardedCalls(String dependency, Duration timeout) {
    this(dependency, timeout, Isolation.WORKER_THREAD);
  }

  /**
   * @param dependency the name shown in logs and in the 503 message, e.g. {@code the search read model}
   * @param timeout the longest a call may take before the request is answered with 503; with
   *     {@link Isolation#CALLER_THREAD} the client must enforce it, the breaker counts longer calls as slow
   */
  public GuardedCalls(String dependency, Duration timeout, Isolation isolation) {
    this.dependency = requireNonNull(dependency, "dependency");
    this.isolation = requireNonNull(isolation, "isolation");
    this.breaker = CircuitBreaker.of(dependency,
        CircuitBreakerConfig.from(ResilienceProfiles.DEPENDENCY).slowCallDurationThreshold(timeout).build());
    this.limiter = TimeLimiter.of(dependency,
        TimeLimiterConfig.from(ResilienceProfiles.DEPENDENCY_TIME_LIMIT).timeoutDuration(timeout).build());
    // One line when the breaker opens or closes, not one per refused request.
    breaker.getEventPublisher().onStateTransition(event ->
        log.warn("circuit breaker for {}: {}", dependency, event.getStateTransition()));
  }

  /** Runs {@code call}; answers 503 when the dependency fails, is slow or its breaker is open. */
  public <T> T call(Callable<T> call) {
    try {
      return isolation == Isolation.CALLER_THREAD
          ? breaker.executeCallable(call)
          : breaker.executeCallable(() -> limiter.executeFutureSupplier(() -> executor.submit(call)));
    } catch (ApiException | IllegalArgumentException e) {
      throw e;
    } catch (CallNotPermittedException e) {
      throw ApiException.unavailable(dependency);
    } catch (TimeoutException e) {
      log.warn("{} did not answer within the time limit", dependency);
      throw ApiException.unavailable(dependency);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable(dependency);
    } catch (Exception e) {
      // The class only: messages may quote SQL, hosts or document text.
      log.warn("{} failed: {}", dependency, e.getClass().getSimpleName());
      throw ApiException.unavailable(dependency);
    }
  }

  /** The breaker's state, for readiness: CLOSED, OPEN, HALF_OPEN. */
  public String state() {
    return breaker.getState().name();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
