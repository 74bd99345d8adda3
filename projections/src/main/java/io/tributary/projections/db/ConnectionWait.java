package io.tributary.projections.db;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes connections for long jobs (replays, rolls): when the pool is exhausted or Postgres refuses
 * new sessions it waits with growing pauses instead of failing, says why in the log and in
 * {@link #waitingFor()}, and gives up only when the waiting thread is interrupted.
 */
final class ConnectionWait implements ConnectionFactory {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionWait.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

  private final HikariDataSource pool;
  private final AtomicReference<String> waiting = new AtomicReference<>();

  ConnectionWait(HikariDataSource pool) {
    this.pool = requireNonNull(pool, "pool");
  }

  @Override
  public Connection openConnection() throws SQLException {
    Duration pause = FIRST_PAUSE;
    int attempt = 0;
    while (true) {
      try {
        Connection connection = pool.getConnection();
        if (attempt > 0) {
          waiting.set(null);
          LOG.info("pool {}: got a connection after {} waits", pool.getPoolName(), attempt);
        }
        return connection;
      } catch (SQLTransientConnectionException e) {
        attempt++;
        String reason = reason(e);
        waiting.set(reason);
        LOG.warn("pool {}: {}; waiting {} ms before asking again (attempt {})", pool.getPoolName(), reason,
            pause.toMillis(), attempt);
        pause(pause, e);
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
      }
    }
  }

  /** Why a caller is waiting for a connection right now; empty when none is. */
  Optional<String> waitingFor() {
    return Optional.ofNullable(waiting.get());
  }

  private String reason(SQLTransientConnectionException e) {
    HikariPoolMXBean stats = pool.getHikariPoolMXBean();
    if (stats == null) {
      return "no database connection: " + e.getMessage();
    }
    if (stats.getTotalConnections() < pool.getMaximumPoolSize()) {
      // Room in the pool, yet no connection: Postgres refused or is unreachable.
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return "Postgres gives no new connection (" + cause.getMessage() + ")";
    }
    return String.format("all %d connections of the pool are in use (%d threads waiting)",
        stats.getTotalConnections(), stats.getThreadsAwaitingConnection());
  }

  private static void pause(Duration pause, SQLException cause) throws SQLException {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a database connection", cause);
    }
  }
}
