package io.tributary.platform.fault;

import io.tributary.embedded.FreePorts;
import io.tributary.embedded.internal.ChildProcess;
import io.tributary.platform.Tributary;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One instance of a role ({@code tributary streams|project|api}) in a JVM of its own, started from
 * the production entry point {@link Tributary#main} with its settings in the environment, as an
 * orchestrator runs it. It can be killed with SIGKILL and started again with the same settings.
 */
final class RoleProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String role;
  private final String name;
  private final Map<String, String> environment;
  private final Path dir;
  private final String classpath;
  private int healthPort;
  private ChildProcess process;
  private int starts;

  private RoleProcess(String role, String name, Map<String, String> environment, Path dir, String classpath) {
    this.role = role;
    this.name = name;
    this.environment = Map.copyOf(environment);
    this.dir = dir;
    this.classpath = classpath;
  }

  /**
   * Starts {@code tributary <role>} with {@code environment}; its home and state live under
   * {@code dir/<name>}. Readiness is served on the API port for {@code api}, else on the management port.
   *
   * @param classpath the class path of the JVM, see {@link #snapshotClasspath}
   */
  static RoleProcess start(String role, String name, Map<String, String> environment, Path dir, String classpath) {
    RoleProcess instance = new RoleProcess(role, name, environment, dir.resolve(name), classpath);
    instance.launch();
    return instance;
  }

  String name() {
    return name;
  }

  /** The API port of an {@code api} instance. */
  int apiPort() {
    return healthPort;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process with SIGKILL: no shutdown hook, no commit, no leaving a group. */
  void kill() {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    await(() -> !process.isAlive(), Duration.ofSeconds(30), name + " to die");
    // Dismisses the orphan watchdog; the process is already gone.
    process.stop(Duration.ZERO);
  }

  /** Starts a killed instance again on the same home and state directory, as an orchestrator would. */
  void restart() {
    launch();
  }

  /** Waits until {@code /health/ready} answers 200; fails with the log's tail if the process dies or {@code patience} ends. */
  void awaitReady(Duration patience) {
    URI ready = URI.create("http://127.0.0.1:" + healthPort + "/health/ready");
    await(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.logTail(40));
      }
      try {
        return HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    }, patience, name + " to be ready");
  }

  String logTail(int lines) {
    return process.logTail(lines);
  }

  private void launch() {
    Map<String, String> env = new HashMap<>(environment);
    Path home = dir.toAbsolutePath();
    env.put("TRIBUTARY_HOME", home.toString());
    env.put("TRIBUTARY_STATE_DIR", home.resolve("state").toString());
    // A new port per start: the killed instance's socket may linger.
    healthPort = FreePorts.allocate();
    if (role.equals("api")) {
      env.put("TRIBUTARY_API_HOST", "127.0.0.1");
      env.put("TRIBUTARY_API_PORT", Integer.toString(healthPort));
      env.put("TRIBUTARY_METRICS_PORT", "-1");
    } else {
      env.put("TRIBUTARY_METRICS_HOST", "127.0.0.1");
      env.put("TRIBUTARY_METRICS_PORT", Integer.toString(healthPort));
    }
    List<String> command = new ArrayList<>();
    // env(1) execs the JVM: the pid SIGKILL reaches is the role's own.
    command.add("env");
    env.forEach((key, value) -> command.add(key + "=" + value));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("--add-modules");
    command.add("jdk.incubator.vector");
    command.add("-cp");
    command.add(classpath);
    command.add(Tributary.class.getName());
    command.add(role);
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    starts++;
    process = ChildProcess.start(name, command, dir.resolveSibling(name + "-" + starts + ".log"), "TERM");
  }

  /**
   * This JVM's class path with the build's own entries (the modules' classes and jars under the
   * repository, not the dependencies) copied under {@code dir}: a role started minutes later (a
   * restart) runs the same classes as the first start, even while another build in the same
   * checkout rewrites the target directories, as a deployed jar would not change under a pod.
   */
  static String snapshotClasspath(Path dir) {
    Path repository = Path.of("").toAbsolutePath().getParent();
    List<String> entries = new ArrayList<>();
    int index = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path source = Path.of(entry).toAbsolutePath();
      if (!source.startsWith(repository) || !Files.exists(source)) {
        entries.add(entry);
        continue;
      }
      Path copy = dir.resolve((index++) + "-" + source.getFileName());
      copy(source, copy);
      entries.add(copy.toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void copy(Path source, Path target) {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path to = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          Files.copy(path, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source, e);
    }
  }

  private static void await(BooleanSupplier condition, Duration patience, String what) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what + " after " + patience);
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(20));
    }
  }
}
