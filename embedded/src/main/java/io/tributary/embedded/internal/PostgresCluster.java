package io.tributary.embedded.internal;

import io.tributary.embedded.PostgresBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prepares a PostgreSQL data directory: a place the server user can reach, initialised once. */
public final class PostgresCluster {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresCluster.class);
  /** World-traversable home for data dirs the server user cannot reach where they were asked for. */
  private static final Path FALLBACK_ROOT = Path.of("/var/tmp/tributary-postgres");

  private PostgresCluster() {
  }

  /**
   * The directory to use for {@code requested}: itself when {@code user} can reach it, else a
   * stable directory under /var/tmp/tributary-postgres (a dir under /root is out of reach of the
   * postgres user). The result exists and belongs to {@code user}.
   */
  public static Path reachableDataDir(Path requested, ServerUser user) {
    Path dir = requested.toAbsolutePath().normalize();
    if (!user.switchesUser()) {
      return Directories.create(dir);
    }
    if (user.canTraverse(nearestExisting(dir.getParent()))) {
      Directories.create(dir);
      if (user.canTraverse(dir.getParent())) {
        user.takeOwnership(dir);
        return dir;
      }
    }
    Path fallback = FALLBACK_ROOT.resolve(stableHash(dir));
    LOG.warn("user {} cannot reach {}; keeping this PostgreSQL data in {} instead", user.name(), dir, fallback);
    // The requested directory stays the data's identity: deleting it (to start from scratch, as
    // the dev banner says) must also forget the data kept elsewhere, or the read model would
    // outlive the broker log it was projected from.
    boolean requestedIsNew = !Files.exists(dir);
    Directories.create(dir);
    if (requestedIsNew && Files.exists(fallback)) {
      LOG.info("{} was removed; dropping the PostgreSQL data kept for it in {}", dir, fallback);
      Directories.deleteRecursively(fallback);
    }
    writeLocation(dir, fallback);
    createTraversable(FALLBACK_ROOT);
    Directories.create(fallback);
    user.takeOwnership(fallback);
    return fallback;
  }

  private static void writeLocation(Path requested, Path actual) {
    try {
      Files.writeString(requested.resolve("DATA_LOCATION"),
          "PostgreSQL keeps this data in " + actual + " (the postgres user cannot reach this directory).\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + requested.resolve("DATA_LOCATION"), e);
    }
  }

  /** Runs initdb when {@code dir} holds no cluster yet (superuser {@code superuser}, trust auth). */
  public static void initIfEmpty(Path dir, String superuser, PostgresBinaries binaries, ServerUser user,
      boolean durable) {
    if (Files.exists(dir.resolve("PG_VERSION"))) {
      return;
    }
    List<String> initdb = new ArrayList<>(List.of(binaries.program("initdb"), "-D", dir.toString(),
        "-U", superuser, "--auth=trust", "-E", "UTF8", "--locale=C"));
    if (!durable) {
      initdb.add("--no-sync");
    }
    long started = System.nanoTime();
    Commands.Result result = Commands.run(user.command(initdb), Duration.ofMinutes(2));
    if (!result.succeeded()) {
      throw new IllegalStateException("initdb failed for " + dir + " (exit " + result.exitCode() + "):\n"
          + result.output().strip());
    }
    LOG.info("initialised a PostgreSQL cluster in {} ({} ms)", dir, (System.nanoTime() - started) / 1_000_000);
  }

  private static Path nearestExisting(Path dir) {
    Path current = dir;
    while (current != null && !Files.exists(current)) {
      current = current.getParent();
    }
    return current == null ? Path.of("/") : current;
  }

  private static void createTraversable(Path dir) {
    try {
      Files.createDirectories(dir);
      // umask may have removed the bits; every server user must be able to pass through.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static String stableHash(Path dir) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(dir.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
