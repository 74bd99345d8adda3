package io.tributary.platform.roles;

import io.tributary.projections.documents.IdempotencyKeys;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes idempotency keys older than their TTL once a minute, so the table does not grow forever. */
final class ExpiredIdempotencyKeys implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExpiredIdempotencyKeys.class);

  /** Rows per DELETE: short transactions, whatever the backlog. */
  static final int BATCH = 10_000;

  private final ScheduledExecutorService schedule;

  private ExpiredIdempotencyKeys(ScheduledExecutorService schedule) {
    this.schedule = schedule;
  }

  static ExpiredIdempotencyKeys start(IdempotencyKeys keys, Duration ttl) {
    ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("expired-idempotency-keys").daemon().factory());
    schedule.scheduleWithFixedDelay(() -> sweep(keys, ttl), 1, 60, TimeUnit.SECONDS);
    return new ExpiredIdempotencyKeys(schedule);
  }

  /** Deletes every expired key, a batch at a time; returns how many went. */
  static long sweep(IdempotencyKeys keys, Duration ttl) {
    long total = 0;
    try {
      int deleted;
      do {
        deleted = keys.expire(ttl, BATCH);
        total += deleted;
      } while (deleted == BATCH && !Thread.currentThread().isInterrupted());
      if (total > 0) {
        LOG.info("expired {} idempotency keys older than {}", total, ttl);
      }
    } catch (RuntimeException e) {
      // Postgres may be down: the roles report that; try again next minute.
      LOG.debug("could not expire idempotency keys: {}", e.toString());
    }
    return total;
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}
