package io.tributary.embedded;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Finds an executable by name; the seam tests use to simulate a machine without a binary. */
@FunctionalInterface
public interface BinaryLookup {

  /** The executable called {@code name}, or empty when it is not installed. */
  Optional<Path> find(String name);

  /** Looks through the directories of the {@code PATH} environment variable. */
  static BinaryLookup systemPath() {
    return name -> {
      String path = Objects.requireNonNullElse(System.getenv("PATH"), "/usr/local/bin:/usr/bin:/bin");
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          Optional<Path> found = directory(Path.of(dir)).find(name);
          if (found.isPresent()) {
            return found;
          }
        }
      }
      return Optional.empty();
    };
  }

  /** Looks in one directory only. */
  static BinaryLookup directory(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return name -> {
      Path candidate = dir.resolve(name);
      return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
          ? Optional.of(candidate)
          : Optional.empty();
    };
  }
}
