package io.tributary.monitoring.lag;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership by a Postgres session-level advisory lock held on a connection of its own: the
 * replica that holds the lock leads; when it dies or loses its connection, Postgres ends the
 * session and releases the lock, and the next replica that asks takes it. A leader checks its
 * connection at every ask, so two leaders overlap at most one sampling interval.
 */
public final class AdvisoryLockLeadership implements Leadership, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLockLeadership.class);

  private final DataSource dataSource;
  private final long lockKey;
  private Connection held;

  /** {@code lockKey}: one key per election (the lag collector uses {@link #LAG_COLLECTOR}). */
  public AdvisoryLockLeadership(DataSource dataSource, long lockKey) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.lockKey = lockKey;
  }

  /** The advisory lock key of the lag collector's election ("tributary lag" in ASCII). */
  public static final long LAG_COLLECTOR = 0x74726962_6c616700L;

  @Override
  public synchronized boolean leads() {
    if (held != null) {
      if (alive(held)) {
        return true;
      }
      LOG.warn("lag collector leadership lost: its Postgres session ended");
      closeQuietly();
    }
    try {
      Connection connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      if (tryLock(connection)) {
        held = connection;
        LOG.info("this replica now leads the lag collector");
        return true;
      }
      connection.close();
    } catch (SQLException e) {
      LOG.debug("cannot ask for lag collector leadership: {}", e.toString());
    }
    return false;
  }

  private boolean tryLock(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      statement.setLong(1, lockKey);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }

  private static boolean alive(Connection connection) {
    try {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private void closeQuietly() {
    try {
      held.close();
    } catch (SQLException e) {
      LOG.debug("closing the leadership connection: {}", e.toString());
    }
    held = null;
  }

  /** Gives leadership up at once, so another replica can take it at its next sample. */
  @Override
  public synchronized void close() {
    if (held != null) {
      // Unlock explicitly: a pooled connection's close() keeps the session, and with it the lock.
      try (PreparedStatement statement = held.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        statement.setLong(1, lockKey);
        statement.execute();
      } catch (SQLException e) {
        LOG.debug("unlocking the lag collector leadership: {}", e.toString());
      }
      closeQuietly();
    }
  }
}
