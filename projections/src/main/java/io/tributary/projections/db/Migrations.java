package io.tributary.projections.db;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies Tributary's Flyway migrations ({@code classpath:db/migration/tributary}) to a database. */
public final class Migrations {

  /** Where the migration scripts live on the classpath. */
  public static final String LOCATION = "classpath:db/migration/tributary";

  /** Oldest pgvector we accept: 0.8.0 brings iterative HNSW scans, which keep tenant-filtered searches complete. */
  static final PgVectorVersion MINIMUM_PGVECTOR = PgVectorVersion.parse("0.8.0");

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private static final String INSTALL_HINT = "run infra/scripts/install-pgvector.sh";

  private Migrations() {}

  /**
   * Migrates the database to the latest version and returns how many migrations were applied.
   *
   * @throws IllegalStateException if pgvector is not installed on the server, or is too old
   */
  public static int apply(DataSource dataSource) {
    requireNonNull(dataSource, "dataSource");
    requirePgVector(dataSource);
    int applied =
        Flyway.configure()
            .dataSource(dataSource)
            .locations(LOCATION)
            // A database with foreign tables but no history is a mistake to stop at, not to adopt.
            .baselineOnMigrate(false)
            .load()
            .migrate()
            .migrationsExecuted;
    LOG.info("database migrated: {} migration(s) applied", applied);
    return applied;
  }

  /**
   * How many migrations this build has that the database has not applied yet (0 = current); used
   * by roles that must not start on an old schema but leave migrating to the setup job.
   */
  public static int pending(DataSource dataSource) {
    requireNonNull(dataSource, "dataSource");
    return Flyway.configure().dataSource(dataSource).locations(LOCATION).load().info().pending().length;
  }

  // Checked before Flyway runs: its error for a missing extension is a long SQL trace, not a fix.
  private static void requirePgVector(DataSource dataSource) {
    PgVectorVersion version =
        serverPgVector(dataSource)
            .orElseThrow(() -> new IllegalStateException("pgvector is not installed: " + INSTALL_HINT));
    if (version.compareTo(MINIMUM_PGVECTOR) < 0) {
      throw new IllegalStateException(
          "pgvector " + version + " is too old, " + MINIMUM_PGVECTOR + " or newer is needed: " + INSTALL_HINT);
    }
  }

  private static Optional<PgVectorVersion> serverPgVector(DataSource dataSource) {
    String sql =
        "SELECT coalesce(installed_version, default_version) FROM pg_available_extensions WHERE name = 'vector'";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? Optional.of(PgVectorVersion.parse(rows.getString(1))) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot check for pgvector: " + e.getMessage(), e);
    }
  }
}
