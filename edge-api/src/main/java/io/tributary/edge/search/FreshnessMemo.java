package io.tributary.edge.search;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.freshness.Freshness;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Remembers the read model's freshness for a short time, so a cache hit costs no Postgres round
 * trip: under load Postgres sees at most one freshness read per {@code maxAge}, and a projection
 * write makes cached answers unreachable at most {@code maxAge} later. Zero reads every time.
 */
public final class FreshnessMemo {

  private final Supplier<Freshness> source;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final AtomicReference<Stamped> last = new AtomicReference<>();

  public FreshnessMemo(Supplier<Freshness> source, Duration maxAge) {
    this(source, maxAge, System::nanoTime);
  }

  FreshnessMemo(Supplier<Freshness> source, Duration maxAge, LongSupplier nanoTime) {
    this.source = requireNonNull(source, "source");
    this.maxAgeNanos = requireNonNull(maxAge, "maxAge").toNanos();
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  /** The freshness read at most {@code maxAge} ago, reading it now when older. */
  public Freshness current() {
    long now = nanoTime.getAsLong();
    Stamped stamped = last.get();
    if (stamped != null && maxAgeNanos > 0 && now - stamped.readAt() < maxAgeNanos) {
      return stamped.freshness();
    }
    Freshness fresh = source.get();
    last.set(new Stamped(fresh, now));
    return fresh;
  }

  private record Stamped(Freshness freshness, long readAt) {}
}
