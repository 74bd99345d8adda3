package io.tributary.embedded;

import io.tributary.embedded.internal.ChildProcess;
import io.tributary.embedded.internal.Commands;
import io.tributary.embedded.internal.Directories;
import io.tributary.embedded.internal.PostgresCluster;
import io.tributary.embedded.internal.ServerUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server (with pgvector) run from this machine's binaries as a child process on a
 * free port of 127.0.0.1, superuser {@value #USER} with trust authentication.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  /** The superuser created by initdb; trust auth, so no password. */
  public static final String USER = "tributary";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final int LOG_LINES_IN_ERRORS = 30;

  private final PostgresBinaries binaries;
  private final Path dataDir;
  private final List<Path> deleteOnClose;
  private final int port;
  private final ChildProcess server;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Starts PostgreSQL with durable settings in {@code dataDir}, initialising it when empty. */
  public EmbeddedPostgres(Path dataDir) {
    this(dataDir, PostgresOptions.defaults());
  }

  /** Starts PostgreSQL in {@code dataDir}, initialising it when empty. */
  public EmbeddedPostgres(Path dataDir, PostgresOptions options) {
    this(Objects.requireNonNull(dataDir, "dataDir"), Objects.requireNonNull(options, "options"), false);
  }

  private EmbeddedPostgres(Path requestedDir, PostgresOptions options, boolean temporary) {
    long started = System.nanoTime();
    this.binaries = options.binaries().get();
    binaries.requirePgvector();
    ServerUser user = ServerUser.nonRoot("postgres");
    this.dataDir = PostgresCluster.reachableDataDir(requestedDir, user);
    this.deleteOnClose = temporary ? List.of(dataDir, requestedDir) : List.of();
    PostgresCluster.initIfEmpty(dataDir, USER, binaries, user, options.durable());
    this.port = FreePorts.allocate();
    this.server = ChildProcess.start("postgres", user.command(serverCommand(options.durable())),
        dataDir.resolve("server.log"), "INT"); // SIGINT = PostgreSQL's "fast" shutdown
    try {
      awaitReady();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("PostgreSQL started on 127.0.0.1:{} (pid {}, data {}, {}) in {} ms", port, server.pid(), dataDir,
        options.durable() ? "durable" : "fsync off", (System.nanoTime() - started) / 1_000_000);
  }

  /** Starts PostgreSQL in a new temporary directory that {@link #close()} deletes. */
  public static EmbeddedPostgres startTemporary(PostgresOptions options) {
    Path dir = Directories.createTemp("tributary-postgres-");
    try {
      return new EmbeddedPostgres(dir, Objects.requireNonNull(options, "options"), true);
    } catch (RuntimeException e) {
      Directories.deleteRecursively(dir);
      throw e;
    }
  }

  public int port() {
    return port;
  }

  /** The directory the cluster lives in (may differ from the one asked for: see the constructor's log). */
  public Path dataDir() {
    return dataDir;
  }

  /** The postmaster's process id. */
  public long pid() {
    return server.pid();
  }

  /** JDBC URL of the {@code postgres} maintenance database as {@value #USER}. */
  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  /** JDBC URL of {@code database} as {@value #USER}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  /**
   * Creates an empty database and returns its JDBC URL.
   *
   * @param name letters, digits and underscores, not starting with a digit, at most 63 characters
   */
  public String createDatabase(String name) {
    if (!DATABASE_NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    Commands.Result result = Commands.run(List.of(binaries.program("createdb"), "-h", "127.0.0.1",
        "-p", Integer.toString(port), "-U", USER, name), Duration.ofSeconds(60));
    if (!result.succeeded()) {
      throw new IllegalStateException("createdb " + name + " failed: " + result.output().strip());
    }
    return jdbcUrl(name);
  }

  /** Fast shutdown (SIGINT), SIGKILL after 10 s; deletes a temporary data dir. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(STOP_GRACE);
    deleteOnClose.forEach(Directories::deleteRecursively);
    LOG.info("PostgreSQL on 127.0.0.1:{} stopped", port);
  }

  private List<String> serverCommand(boolean durable) {
    List<String> command = new ArrayList<>(List.of(binaries.program("postgres"), "-D", dataDir.toString(),
        "-p", Integer.toString(port),
        "-c", "listen_addresses=127.0.0.1",
        "-c", "unix_socket_directories=", // TCP only: never a socket or lock file in /var/run or /tmp
        "-c", "logging_collector=off"));
    if (!durable) {
      command.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
          "-c", "max_connections=200"));
    }
    return command;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    List<String> probe = List.of(binaries.program("pg_isready"), "-q", "-h", "127.0.0.1",
        "-p", Integer.toString(port), "-U", USER, "-d", "postgres", "-t", "2");
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw startupFailure("exited during startup");
      }
      if (Commands.run(probe, Duration.ofSeconds(5)).succeeded()) {
        return;
      }
      pause();
    }
    throw startupFailure("did not accept connections within " + STARTUP_TIMEOUT);
  }

  private IllegalStateException startupFailure(String what) {
    return new IllegalStateException("PostgreSQL on 127.0.0.1:" + port + " (data " + dataDir + ") " + what
        + "; last lines of " + server.logFile() + ":\n" + server.logTail(LOG_LINES_IN_ERRORS));
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
    }
  }
}
