package io.tributary.embedded.internal;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server running as a child process of this JVM that must never outlive it: stopped on
 * {@link #close()}, by a JVM shutdown hook, and by a watchdog shell when the JVM is killed
 * with SIGKILL (hooks do not run then).
 */
public final class ChildProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
  private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
  private static final int TAIL_BYTES = 16 * 1024;

  /**
   * Blocks reading a pipe whose only writer is this JVM. "stop" on it means the server is being
   * stopped (or ended) normally; end of file without it means the JVM died, even by SIGKILL:
   * then send the stop signal, and SIGKILL if the server still runs 10 s later. No polling.
   */
  private static final String WATCHDOG_SCRIPT = """
      if read -r line && [ "$line" = stop ]; then exit 0; fi
      kill -"$2" "$1" 2>/dev/null || exit 0
      i=0
      while kill -0 "$1" 2>/dev/null && [ "$i" -lt 20 ]; do sleep 0.5; i=$((i+1)); done
      kill -KILL "$1" 2>/dev/null
      """;

  private final String name;
  private final Process process;
  private final Path logFile;
  private final String stopSignal;
  private final Process watchdog;
  private final Thread shutdownHook;
  private boolean stopped;

  private ChildProcess(String name, Process process, Path logFile, String stopSignal) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.stopSignal = stopSignal;
    this.watchdog = startWatchdog(process.pid(), stopSignal);
    // A server that ends by itself must not be signalled later: its pid may be reused.
    process.onExit().thenRun(this::dismissWatchdog);
    this.shutdownHook = new Thread(this::close, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code command} with stdout and stderr appended to {@code logFile}: a file, not a
   * pipe, so that if this JVM dies the server's last words still land somewhere instead of
   * failing on a broken pipe while the watchdog shuts it down.
   *
   * @param stopSignal the signal name (INT, TERM) that makes the server shut down quickly
   */
  public static ChildProcess start(String name, List<String> command, Path logFile, String stopSignal) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Commands.cleanEnvironment(builder.environment());
    try {
      Process process = builder.start();
      LOG.debug("started {} as pid {}: {}", name, process.pid(), command);
      return new ChildProcess(name, process, logFile, stopSignal);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.getFirst() + ")", e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  /** The last {@code lines} lines of the server log, for error messages. */
  public String logTail(int lines) {
    try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
      long start = Math.max(0, file.length() - TAIL_BYTES);
      byte[] bytes = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(bytes);
      List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + logFile + ": " + e.getMessage() + ")";
    }
  }

  /** Sends the stop signal, waits up to {@code grace}, then kills the process tree. Idempotent. */
  public synchronized void stop(Duration grace) {
    if (stopped) {
      return;
    }
    stopped = true;
    if (process.isAlive()) {
      signal(stopSignal);
      if (!waitFor(process, grace)) {
        LOG.warn("{} (pid {}) ignored SIG{} for {}; killing it", name, pid(), stopSignal, grace);
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        waitFor(process, Duration.ofSeconds(5));
      }
    }
    // Only now: had this JVM died while the server was still stopping, the watchdog finishes the job.
    dismissWatchdog();
    removeShutdownHook();
    LOG.debug("{} (pid {}) stopped", name, pid());
  }

  @Override
  public void close() {
    stop(DEFAULT_GRACE);
  }

  private void signal(String signal) {
    Commands.Result result = Commands.run(
        List.of("kill", "-s", signal, Long.toString(pid())), Duration.ofSeconds(5));
    if (!result.succeeded() && process.isAlive()) {
      // No usable kill(1): SIGTERM through the JDK is the next best shutdown request.
      process.destroy();
    }
  }

  private static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private void removeShutdownHook() {
    if (Thread.currentThread() == shutdownHook) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting; the hook is running or about to, and stop() is idempotent.
    }
  }

  private void dismissWatchdog() {
    synchronized (watchdog) {
      try (OutputStream pipe = watchdog.getOutputStream()) {
        pipe.write("stop\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException alreadyGone) {
        // The watchdog has ended or was dismissed already.
      }
    }
  }

  private Process startWatchdog(long serverPid, String signal) {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", WATCHDOG_SCRIPT, "watchdog-" + name,
        Long.toString(serverPid), Objects.requireNonNull(signal))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      return builder.start();
    } catch (IOException e) {
      process.destroyForcibly();
      throw new UncheckedIOException("cannot start the watchdog for " + name, e);
    }
  }
}
