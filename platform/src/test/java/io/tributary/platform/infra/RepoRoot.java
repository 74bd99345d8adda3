package io.tributary.platform.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root from wherever Maven runs the tests (the module directory or the root). */
final class RepoRoot {

  private RepoRoot() {}

  /** The nearest directory at or above the working directory that holds {@code infra/docker-compose.yml}. */
  static Path find() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("infra/docker-compose.yml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no infra/docker-compose.yml at or above " + start);
  }
}
