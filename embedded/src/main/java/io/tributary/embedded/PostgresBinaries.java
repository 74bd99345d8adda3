package io.tributary.embedded;

import io.tributary.embedded.internal.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Where this machine's PostgreSQL server programs and shared files (extensions) are installed. */
public record PostgresBinaries(Path binDir, Path shareDir) {

  static final String INSTALL_HINT = "install the Debian package 'postgresql' (apt-get install postgresql);"
      + " pgvector is then built by infra/scripts/install-pgvector.sh";
  private static final List<String> REQUIRED = List.of("postgres", "initdb", "pg_isready", "createdb");
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Finds the installation: {@code pg_config --bindir}, else the highest
   * {@code /usr/lib/postgresql/<version>/bin}, else the directory of {@code postgres} on PATH.
   *
   * @throws MissingBinaryException naming the package to install when none is found
   */
  public static PostgresBinaries detect() {
    Set<Path> candidates = new LinkedHashSet<>();
    BinaryLookup.systemPath().find("pg_config").flatMap(pgConfig -> ask(pgConfig, "--bindir"))
        .ifPresent(candidates::add);
    highestDebianVersion().ifPresent(candidates::add);
    // Symlinks such as /usr/local/bin/postgres lead to the real installation directory.
    BinaryLookup.systemPath().find("postgres").map(PostgresBinaries::realParent).ifPresent(candidates::add);
    for (Path candidate : candidates) {
      if (missingIn(candidate).isEmpty()) {
        return in(candidate);
      }
    }
    throw new MissingBinaryException("PostgreSQL server programs " + REQUIRED + " not found (looked at "
        + (candidates.isEmpty() ? "pg_config, /usr/lib/postgresql/*/bin and PATH" : candidates) + "): "
        + INSTALL_HINT);
  }

  /**
   * The installation whose programs are in {@code binDir}.
   *
   * @throws MissingBinaryException naming the package to install when a program is missing there
   */
  public static PostgresBinaries in(Path binDir) {
    List<String> missing = missingIn(binDir);
    if (!missing.isEmpty()) {
      throw new MissingBinaryException("PostgreSQL programs " + missing + " not found in " + binDir + ": "
          + INSTALL_HINT);
    }
    return new PostgresBinaries(binDir, shareDirOf(binDir));
  }

  /** The program {@code name} in {@link #binDir()}. */
  public String program(String name) {
    return binDir.resolve(name).toString();
  }

  /**
   * Checks that the pgvector extension is installed for this PostgreSQL.
   *
   * @throws MissingBinaryException naming the install script when it is not
   */
  public void requirePgvector() {
    Path control = shareDir.resolve("extension").resolve("vector.control");
    if (!Files.isRegularFile(control)) {
      throw new MissingBinaryException("the pgvector extension is not installed for the PostgreSQL in " + binDir
          + " (no " + control + "): run infra/scripts/install-pgvector.sh");
    }
  }

  private static List<String> missingIn(Path dir) {
    List<String> missing = new ArrayList<>();
    for (String name : REQUIRED) {
      if (BinaryLookup.directory(dir).find(name).isEmpty()) {
        missing.add(name);
      }
    }
    return missing;
  }

  private static Path shareDirOf(Path binDir) {
    Optional<Path> reported = BinaryLookup.directory(binDir).find("pg_config")
        .flatMap(pgConfig -> ask(pgConfig, "--sharedir"));
    if (reported.isPresent()) {
      return reported.get();
    }
    // Without a pg_config next to the server, try the usual layouts relative to bin/.
    Path prefix = binDir.toAbsolutePath().getParent();
    for (Path candidate : List.of(prefix.resolve("share/postgresql"), prefix.resolve("share"))) {
      if (Files.isDirectory(candidate.resolve("extension"))) {
        return candidate;
      }
    }
    return prefix.resolve("share");
  }

  private static Optional<Path> ask(Path pgConfig, String option) {
    Commands.Result result = Commands.run(List.of(pgConfig.toString(), option), TOOL_TIMEOUT);
    String answer = result.output().strip();
    return result.succeeded() && !answer.isEmpty() ? Optional.of(Path.of(answer)) : Optional.empty();
  }

  private static Path realParent(Path program) {
    try {
      return program.toRealPath().getParent();
    } catch (IOException e) {
      return program.toAbsolutePath().getParent();
    }
  }

  private static Optional<Path> highestDebianVersion() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
          .map(v -> v.resolve("bin"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
