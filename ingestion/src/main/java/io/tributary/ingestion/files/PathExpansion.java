package io.tributary.ingestion.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands command-line arguments to files: an existing file is itself, an existing folder is
 * every loadable file under it, anything else is a glob ({@code docs/**}{@code /*.md}) matched
 * below its longest literal prefix (quote it so the shell leaves it alone).
 */
public final class PathExpansion {

  /** One argument's files, or why it gave none. */
  public record Expanded(String argument, List<Path> files, String problem) {}

  private final DocumentFileLoader loader;

  public PathExpansion(DocumentFileLoader loader) {
    this.loader = loader;
  }

  public Expanded expand(String argument) {
    Path path = Path.of(argument);
    try {
      if (Files.exists(path)) {
        List<Path> files = loader.discover(path);
        return new Expanded(argument, files, files.isEmpty() ? "no .md, .txt, .html or .pdf files" : null);
      }
      if (!isGlob(argument)) {
        return new Expanded(argument, List.of(), "no such file or folder");
      }
      List<Path> files = glob(argument);
      return new Expanded(argument, files, files.isEmpty() ? "no loadable file matches the pattern" : null);
    } catch (IOException e) {
      return new Expanded(argument, List.of(), e.getMessage());
    }
  }

  /** The folder documents of {@code file} are identified relative to: the argument's folder or literal prefix. */
  public static Path root(String argument) {
    Path path = Path.of(isGlob(argument) ? literalPrefix(argument) : argument);
    return path.toString().isEmpty() ? Path.of(".") : path;
  }

  private List<Path> glob(String pattern) throws IOException {
    Path base = root(pattern);
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(base)) {
      walk.filter(Files::isRegularFile)
          .filter(p -> matcher.matches(p) || matcher.matches(base.relativize(p)))
          .filter(p -> DocumentFileLoader.contentTypeOf(p).isPresent())
          .sorted()
          .forEach(files::add);
    }
    return files;
  }

  private static boolean isGlob(String argument) {
    return argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static String literalPrefix(String pattern) {
    int firstMeta = 0;
    while (firstMeta < pattern.length() && "*?[{".indexOf(pattern.charAt(firstMeta)) < 0) {
      firstMeta++;
    }
    int slash = pattern.lastIndexOf('/', firstMeta);
    return slash < 0 ? "" : pattern.substring(0, slash);
  }
}
