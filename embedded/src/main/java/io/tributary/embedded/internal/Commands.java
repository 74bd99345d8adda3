package io.tributary.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs short-lived helper commands (initdb, createdb, kill, ...) and captures their output. */
public final class Commands {

  private Commands() {
  }

  /** What a finished command left behind. */
  public record Result(int exitCode, String output) {

    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  /** Runs {@code command}, merging stderr into stdout; a command exceeding {@code timeout} is killed. */
  public static Result run(List<String> command, Duration timeout) {
    return run(command, Map.of(), timeout);
  }

  /** Like {@link #run(List, Duration)} with extra environment variables (PG* variables are removed). */
  public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    cleanEnvironment(builder.environment());
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      String output = readAll(process.getInputStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(-1, output + "\n(timed out after " + timeout + ")");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.getFirst(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
    }
  }

  /**
   * Drops inherited PG* variables (a developer's PGHOST or PGPASSWORD must not redirect our tools)
   * and pins messages to English so log checks and error texts stay readable.
   */
  public static void cleanEnvironment(Map<String, String> env) {
    env.keySet().removeIf(key -> key.startsWith("PG") || key.startsWith("LC_"));
    env.put("LC_ALL", "C");
    env.put("LANG", "C");
  }

  private static String readAll(InputStream in) throws IOException {
    // Reads until the process closes its output; sufficient for the short commands run here.
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
