package io.tributary.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** The files of {@code infra/}, addressed as the compose file writes them (relative to itself). */
record InfraDirectory(Path root) {

  /** The file or directory at {@code relative}. */
  Path resolve(String relative) {
    return root.resolve(relative).normalize();
  }

  boolean exists(String relative) {
    return Files.exists(resolve(relative));
  }

  /**
   * The files {@code pattern} names: a file, or a directory part plus a glob in the last part
   * ({@code ./prometheus/rules/*.yml}); sorted, relative like the pattern.
   */
  List<String> filesMatching(String pattern) {
    int slash = pattern.lastIndexOf('/');
    String directory = slash < 0 ? "." : pattern.substring(0, slash);
    String last = pattern.substring(slash + 1);
    Path dir = resolve(directory);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + last);
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> matcher.matches(f.getFileName()))
          .map(f -> directory + "/" + f.getFileName()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
