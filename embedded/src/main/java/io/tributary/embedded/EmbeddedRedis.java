package io.tributary.embedded;

import io.tributary.embedded.internal.ChildProcess;
import io.tributary.embedded.internal.Directories;
import io.tributary.embedded.internal.RespPing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis server run from this machine's {@code redis-server} as a child process on a free port
 * of 127.0.0.1, without persistence.
 */
public final class EmbeddedRedis implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final String BINARY = "redis-server";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final int port;
  private final ChildProcess server;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Starts {@code redis-server} from PATH with {@code dataDir} as its working directory. */
  public EmbeddedRedis(Path dataDir) {
    this(dataDir, BinaryLookup.systemPath());
  }

  /**
   * Starts {@code redis-server} as found by {@code lookup}.
   *
   * @throws MissingBinaryException naming the Debian package when it is not found
   */
  public EmbeddedRedis(Path dataDir, BinaryLookup lookup) {
    this(Objects.requireNonNull(dataDir, "dataDir"), Objects.requireNonNull(lookup, "lookup"), false);
  }

  private EmbeddedRedis(Path dataDir, BinaryLookup lookup, boolean temporary) {
    long started = System.nanoTime();
    Path binary = lookup.find(BINARY).orElseThrow(() -> new MissingBinaryException(
        "'" + BINARY + "' not found: install the Debian package 'redis-server' (apt-get install redis-server)"));
    this.dataDir = Directories.create(dataDir.toAbsolutePath().normalize());
    this.deleteOnClose = temporary;
    this.port = FreePorts.allocate();
    this.server = ChildProcess.start(BINARY, List.of(binary.toString(),
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--dir", this.dataDir.toString()),
        this.dataDir.resolve("redis.log"), "TERM");
    try {
      awaitReady();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("Redis started on 127.0.0.1:{} (pid {}) in {} ms", port, server.pid(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /** Starts Redis in a new temporary directory that {@link #close()} deletes. */
  public static EmbeddedRedis startTemporary() {
    Path dir = Directories.createTemp("tributary-redis-");
    try {
      return new EmbeddedRedis(dir, BinaryLookup.systemPath(), true);
    } catch (RuntimeException e) {
      Directories.deleteRecursively(dir);
      throw e;
    }
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:PORT}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The server's process id. */
  public long pid() {
    return server.pid();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the server (SIGTERM, SIGKILL after 5 s); deletes a temporary directory. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(STOP_GRACE);
    if (deleteOnClose) {
      Directories.deleteRecursively(dataDir);
    }
    LOG.info("Redis on 127.0.0.1:{} stopped", port);
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw startupFailure("exited during startup");
      }
      if (RespPing.answers("127.0.0.1", port)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Redis", e);
      }
    }
    throw startupFailure("did not answer PING within " + STARTUP_TIMEOUT);
  }

  private IllegalStateException startupFailure(String what) {
    return new IllegalStateException("Redis on 127.0.0.1:" + port + " " + what + "; last lines of "
        + server.logFile() + ":\n" + server.logTail(20));
  }
}
