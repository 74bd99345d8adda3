package io.tributary.embedded;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How an {@link EmbeddedPostgres} is started.
 *
 * @param binaries where to find the PostgreSQL programs; asked once per start
 * @param durable false trades durability for speed (fsync, synchronous_commit and
 *     full_page_writes off): a crash may lose or corrupt data, which tests do not care about
 */
public record PostgresOptions(Supplier<PostgresBinaries> binaries, boolean durable) {

  public PostgresOptions {
    Objects.requireNonNull(binaries, "binaries");
  }

  /** This machine's installation with durable settings: for dev mode. */
  public static PostgresOptions defaults() {
    return new PostgresOptions(PostgresBinaries::detect, true);
  }

  /** The same options with the fast, non-durable settings for tests. */
  public PostgresOptions forTests() {
    return new PostgresOptions(binaries, false);
  }

  /** The same options with the programs taken from {@code binDir} only. */
  public PostgresOptions withBinDir(Path binDir) {
    Objects.requireNonNull(binDir, "binDir");
    return new PostgresOptions(() -> PostgresBinaries.in(binDir), durable);
  }
}
