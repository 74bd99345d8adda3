package io.tributary.edge.search;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.freshness.Freshness;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the read model's freshness for a short time, so a cache hit costs no Postgres round
 * trip: under load Postgres sees about two freshness reads per {@code maxAge}, and a projection
 * write makes cached answers unreachable at most {@code maxAge} later. Zero reads every time.
 *
 * <p>A read older than half the max age is still served while one background read renews it, so
 * under steady traffic no request waits for the renewal; only a read past the max age (an idle
 * API, or a renewal that failed) is renewed on the request's own thread.
 */
public final class FreshnessMemo {

  private static final Logger log = LoggerFactory.getLogger(FreshnessMemo.class);

  private final Supplier<Freshness> source;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final Executor renewals;
  private final AtomicReference<Stamped> last = new AtomicReference<>();
  private final AtomicBoolean renewing = new AtomicBoolean();

  public FreshnessMemo(Supplier<Freshness> source, Duration maxAge) {
    this(source, maxAge, System::nanoTime, task -> Thread.ofVirtual().name("freshness-renewal").start(task));
  }

  FreshnessMemo(Supplier<Freshness> source, Duration maxAge, LongSupplier nanoTime, Executor renewals) {
    this.source = requireNonNull(source, "source");
    this.maxAgeNanos = requireNonNull(maxAge, "maxAge").toNanos();
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.renewals = requireNonNull(renewals, "renewals");
  }

  /** The freshness read at most {@code maxAge} ago, reading it now when older. */
  public Freshness current() {
    long now = nanoTime.getAsLong();
    Stamped stamped = last.get();
    if (stamped == null || maxAgeNanos <= 0 || now - stamped.readAt() >= maxAgeNanos) {
      return read(now);
    }
    if (now - stamped.readAt() >= maxAgeNanos / 2 && renewing.compareAndSet(false, true)) {
      renewals.execute(this::renew);
    }
    return stamped.freshness();
  }

  private void renew() {
    try {
      read(nanoTime.getAsLong());
    } catch (RuntimeException e) {
      // The next request past the max age reads on its own thread and answers the error itself.
      log.debug("background freshness read failed: {}", e.getClass().getSimpleName());
    } finally {
      renewing.set(false);
    }
  }

  private Freshness read(long startedAt) {
    Freshness fresh = source.get();
    // Stamped with the start of the read: the value is at least that old.
    last.accumulateAndGet(new Stamped(fresh, startedAt),
        (old, candidate) -> old == null || candidate.readAt() >= old.readAt() ? candidate : old);
    return fresh;
  }

  private record Stamped(Freshness freshness, long readAt) {}
}
