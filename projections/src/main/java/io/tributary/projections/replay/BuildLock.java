package io.tributary.projections.replay;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A Postgres session advisory lock held by the process building a generation of one projection.
 * It dies with the process's connection, so a building generation whose lock is free was left by
 * a killed process and can be resumed.
 */
final class BuildLock implements AutoCloseable {

  private final Handle handle;
  private final String key;

  private BuildLock(Handle handle, String key) {
    this.handle = handle;
    this.key = key;
  }

  /** The lock of {@code projection}'s builds, if no other session holds it. */
  static Optional<BuildLock> acquire(Jdbi jdbi, String projection) {
    String key = "tributary.replay." + projection;
    Handle handle = jdbi.open();
    try {
      boolean locked = handle.createQuery("SELECT pg_try_advisory_lock(hashtext(:key))")
          .bind("key", key).mapTo(Boolean.class).one();
      if (locked) {
        return Optional.of(new BuildLock(handle, key));
      }
      handle.close();
      return Optional.empty();
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      handle.createQuery("SELECT pg_advisory_unlock(hashtext(:key))").bind("key", key).mapTo(Boolean.class).one();
    } catch (RuntimeException e) {
      // The connection is gone: the lock went with it.
    } finally {
      handle.close();
    }
  }
}
