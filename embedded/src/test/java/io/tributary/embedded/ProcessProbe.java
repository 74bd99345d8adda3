package io.tributary.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds live processes by command line through /proc, as pgrep -f would. */
final class ProcessProbe {

  private ProcessProbe() {
  }

  /** Pids of live processes whose command line mentions {@code text}. */
  static List<Long> pidsMentioning(String text) throws IOException {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries.filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(p -> commandLine(p).contains(text))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .filter(pid -> pid != ProcessHandle.current().pid())
          .toList();
    }
  }

  private static String commandLine(Path procDir) {
    try {
      return new String(Files.readAllBytes(procDir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return ""; // the process ended while we looked
    }
  }
}
