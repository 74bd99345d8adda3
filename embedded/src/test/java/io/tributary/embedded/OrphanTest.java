package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Tag;

import io.tributary.embedded.internal.Directories;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A JVM killed with SIGKILL runs no shutdown hook: the watchdog must still stop its servers. */
@Tag("integration")
class OrphanTest {

  @ParameterizedTest
  @ValueSource(strings = {"redis", "postgres"})
  void shouldStopTheServerWhenItsJvmIsKilled(String service) throws Exception {
    // given
    Path dir = Files.createTempDirectory("tributary-orphan-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Process jvm = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), WatchdogProbe.class.getName(), service,
        dir.resolve("data").toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      long serverPid = readPid(jvm);
      assertThat(ProcessHandle.of(serverPid)).isPresent();

      // when
      jvm.destroyForcibly().waitFor();

      // then
      assertThat(awaitExit(serverPid, Duration.ofSeconds(15))).as("server stopped by the watchdog").isTrue();
      assertThat(ProcessProbe.pidsMentioning(dir.toString())).isEmpty();
    } finally {
      jvm.destroyForcibly();
      Directories.deleteRecursively(dir);
    }
  }

  private static long readPid(Process jvm) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("pid=")) {
        return Long.parseLong(line.substring(4));
      }
    }
    throw new AssertionError("the probe JVM exited before starting its server");
  }

  private static boolean awaitExit(long pid, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isEmpty() || !handle.get().isAlive()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
