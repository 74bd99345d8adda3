package io.tributary.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A benchmark's scratch directory (embedded services' data, state stores), removed when the run ends. */
public final class BenchHome {

  private BenchHome() {}

  /** A new, empty scratch directory named after {@code benchmark}. */
  public static Path create(String benchmark) {
    try {
      return Files.createTempDirectory("tributary-bench-" + benchmark + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code root} with everything in it; a missing directory is already gone. */
  public static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
