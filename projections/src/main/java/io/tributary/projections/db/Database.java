package io.tributary.projections.db;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.StatementExceptions.MessageRendering;
import org.jdbi.v3.postgres.PostgresPlugin;

/** A pooled connection to the read-model database: a HikariCP {@link DataSource} and its {@link Jdbi}. */
public final class Database implements AutoCloseable {

  /** Name of a pool when none is given. */
  public static final String DEFAULT_POOL_NAME = "tributary-db";

  /** Pool size when none is given: one projector, a few readers. */
  public static final int DEFAULT_POOL_SIZE = 4;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final ConnectionWait patience;

  /** Connects to {@code jdbcUrl} (credentials may be URL parameters) with the default pool size. */
  public Database(String jdbcUrl) {
    this(jdbcUrl, DEFAULT_POOL_SIZE);
  }

  /** Connects to {@code jdbcUrl} with at most {@code maxPoolSize} connections. */
  public Database(String jdbcUrl, int maxPoolSize) {
    this(jdbcUrl, maxPoolSize, null, DEFAULT_POOL_NAME, false);
  }

  /**
   * Connects to {@code jdbcUrl} with at most {@code maxPoolSize} connections in a pool named
   * {@code poolName}: the {@code pool} tag of its meters, so a process's pools stay apart.
   */
  public Database(String jdbcUrl, int maxPoolSize, String poolName) {
    this(jdbcUrl, maxPoolSize, null, requireNonNull(poolName, "poolName"), false);
  }

  /**
   * Connects to {@code jdbcUrl} for callers that must answer within {@code callTimeout}: Postgres
   * cancels a statement running longer ({@code statement_timeout}), taking a connection from the
   * pool waits at most that long, and a read on a dead socket ends soon after. The time limit is
   * then kept without running each call on a second thread.
   */
  public static Database bounded(String jdbcUrl, int maxPoolSize, Duration callTimeout) {
    return bounded(jdbcUrl, maxPoolSize, callTimeout, DEFAULT_POOL_NAME);
  }

  /** {@link #bounded(String, int, Duration)} with a pool named {@code poolName}. */
  public static Database bounded(String jdbcUrl, int maxPoolSize, Duration callTimeout, String poolName) {
    requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
    }
    return new Database(jdbcUrl, maxPoolSize, callTimeout, requireNonNull(poolName, "poolName"), false);
  }

  /**
   * Connects to {@code jdbcUrl} for long jobs such as replays and rolls, with at most {@code
   * maxPoolSize} connections in a pool named {@code poolName}: a call that finds the pool exhausted,
   * or Postgres refusing sessions, waits with growing pauses and reports why ({@link #waitingFor()})
   * instead of failing after the pool's timeout; only an interrupt ends the wait.
   */
  public static Database forLongJobs(String jdbcUrl, int maxPoolSize, String poolName) {
    return new Database(jdbcUrl, maxPoolSize, null, requireNonNull(poolName, "poolName"), true);
  }

  private Database(String jdbcUrl, int maxPoolSize, Duration callTimeout, String poolName, boolean patient) {
    requireNonNull(jdbcUrl, "jdbcUrl");
    requireNonNull(poolName, "poolName");
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be >= 1, was " + maxPoolSize);
    }
    HikariConfig config = new HikariConfig();
    // DATABASE_URL may be a postgres:// URL as hosting services print it.
    config.setJdbcUrl(DatabaseUrls.toJdbc(jdbcUrl));
    config.setMaximumPoolSize(maxPoolSize);
    config.setMinimumIdle(1);
    config.setPoolName(poolName);
    // Fail a request within seconds when Postgres is away instead of queueing it for 30 s.
    config.setConnectionTimeout(5_000);
    // Turns JDBC batches (chunk inserts) into multi-row INSERTs: far fewer round trips.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    // Server error details quote the failing row, i.e. document text: keep it out of messages and logs.
    config.addDataSourceProperty("logServerErrorDetail", "false");
    if (patient) {
      // Each ask of the pool waits a second; ConnectionWait then reports why and asks again.
      config.setConnectionTimeout(1_000);
    }
    if (callTimeout != null) {
      long millis = callTimeout.toMillis();
      // Hikari refuses less than 250 ms.
      config.setConnectionTimeout(Math.max(250, millis));
      // Once per physical connection; unlike the `options` property it leaves a URL's own options alone.
      config.setConnectionInitSql("SET statement_timeout = " + millis);
      // Seconds, rounded up, plus one: only a socket that stays silent past the statement timeout.
      config.addDataSourceProperty("socketTimeout", String.valueOf((millis + 999) / 1000 + 1));
      config.addDataSourceProperty("connectTimeout", String.valueOf((millis + 999) / 1000));
    }
    this.dataSource = new HikariDataSource(config);
    this.patience = patient ? new ConnectionWait(dataSource) : null;
    this.jdbi = configure(patient ? Jdbi.create(patience) : Jdbi.create(dataSource));
  }

  /** Why a call of a long-jobs pool waits for a connection right now; empty when none does (or not such a pool). */
  public Optional<String> waitingFor() {
    return patience == null ? Optional.empty() : patience.waitingFor();
  }

  /** Connections this pool holds now, idle or in use. */
  public int connections() {
    return dataSource.getHikariPoolMXBean() == null ? 0 : dataSource.getHikariPoolMXBean().getTotalConnections();
  }

  /** The most connections this pool opens. */
  public int maxConnections() {
    return dataSource.getMaximumPoolSize();
  }

  /**
   * Publishes the pool's HikariCP meters (connections active, idle, pending, acquire and usage
   * times) to {@code registry}, tagged with the pool name; at most once per pool.
   */
  public Database bindMetrics(MeterRegistry registry) {
    dataSource.setMetricRegistry(requireNonNull(registry, "registry"));
    return this;
  }

  /** Installs the plugins and argument types every Tributary repository relies on. */
  static Jdbi configure(Jdbi jdbi) {
    // JDBI renders bound values into exception messages by default; ours are document text.
    jdbi.getConfig(StatementExceptions.class).setMessageRendering(MessageRendering.NONE);
    return jdbi.installPlugin(new PostgresPlugin())
        .registerArgument(new PgVectorArgumentFactory())
        .registerColumnMapper(new PgVectorColumnMapper());
  }

  /** The pooled data source (for Flyway and plain JDBC). */
  public DataSource dataSource() {
    return dataSource;
  }

  /** The Jdbi bound to this pool, able to bind {@link com.pgvector.PGvector} values. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** Closes the pool; connections in use are closed as they are returned. */
  @Override
  public void close() {
    dataSource.close();
  }
}
