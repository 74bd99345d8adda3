package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tributary.embedded.internal.Directories;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class EmbeddedPostgresTest {

  private static final PostgresOptions FAST = PostgresOptions.defaults().forTests();

  @Test
  void shouldComputeVectorDistancesWithPgvector() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary(FAST);
        Connection connection = DriverManager.getConnection(pg.jdbcUrl());
        Statement statement = connection.createStatement()) {
      // when
      statement.execute("CREATE EXTENSION vector");
      ResultSet result = statement.executeQuery("SELECT '[1,2,3]'::vector <=> '[1,2,4]'::vector");

      // then
      assertThat(result.next()).isTrue();
      assertThat(result.getDouble(1)).isBetween(0.0, 0.1).isPositive();
    }
  }

  @Test
  void shouldCreateAnEmptyDatabaseAndReturnItsUrl() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary(FAST)) {
      // when
      String url = pg.createDatabase("orders_test");

      // then
      assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/orders_test?user=tributary");
      try (Connection connection = DriverManager.getConnection(url);
          ResultSet result = connection.createStatement().executeQuery("SELECT current_database()")) {
        result.next();
        assertThat(result.getString(1)).isEqualTo("orders_test");
      }
    }
  }

  @Test
  void shouldRejectADatabaseNameThatNeedsQuoting() {
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary(FAST)) {
      assertThatThrownBy(() -> pg.createDatabase("x; DROP DATABASE postgres"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void shouldLeaveNoProcessOrPortBehindWhenClosed(@TempDir Path dir) throws Exception {
    // given
    EmbeddedPostgres pg = new EmbeddedPostgres(reachable(dir).resolve("pg"), FAST);
    Path dataDir = pg.dataDir();
    assertThat(dataDir).isEqualTo(dir.resolve("pg"));
    List<ProcessHandle> tree = ProcessHandle.of(pg.pid()).orElseThrow().descendants().toList();
    assertThat(tree).isNotEmpty(); // checkpointer, walwriter, ...
    assertThat(ProcessProbe.pidsMentioning(dataDir.toString())).contains(pg.pid());

    // when
    pg.close();
    pg.close();

    // then
    assertThat(ProcessHandle.of(pg.pid())).isEmpty();
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(ProcessProbe.pidsMentioning(dataDir.toString())).isEmpty();
    assertThatThrownBy(() -> new Socket("127.0.0.1", pg.port()).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void shouldReuseAnInitialisedDataDirectory(@TempDir Path dir) throws Exception {
    // given
    Path dataDir = reachable(dir).resolve("pg");
    try (EmbeddedPostgres first = new EmbeddedPostgres(dataDir, FAST)) {
      first.createDatabase("survivor");
    }

    // when
    try (EmbeddedPostgres second = new EmbeddedPostgres(dataDir, FAST);
        Connection connection = DriverManager.getConnection(second.jdbcUrl("survivor"))) {
      // then
      assertThat(connection.isValid(5)).isTrue();
    }
  }

  @Test
  void shouldQuoteTheServerLogWhenStartupFails(@TempDir Path dir) throws Exception {
    try (EmbeddedPostgres running = new EmbeddedPostgres(reachable(dir).resolve("pg"), FAST)) {
      assertThatThrownBy(() -> new EmbeddedPostgres(running.dataDir(), FAST))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exited during startup")
          .hasMessageContaining("postmaster.pid");
    }
  }

  @Test
  void shouldMoveTheDataDirectoryWhenThePostgresUserCannotReachIt() {
    assumeThat(ProcessHandle.current().info().user()).contains("root");
    Path unreachable = Path.of("/root/.cache/tributary-test-" + ProcessHandle.current().pid(), "pg");
    Path used = null;
    try (EmbeddedPostgres pg = new EmbeddedPostgres(unreachable, FAST)) {
      used = pg.dataDir();
      assertThat(used).startsWith(Path.of("/var/tmp/tributary-postgres"));
      assertThat(used.resolve("PG_VERSION")).exists();
    } finally {
      Directories.deleteRecursively(unreachable.getParent());
      if (used != null) {
        Directories.deleteRecursively(used);
      }
    }
  }

  @Test
  void shouldStartFromScratchWhenTheRequestedDataDirectoryWasDeleted() throws Exception {
    assumeThat(ProcessHandle.current().info().user()).contains("root");
    Path unreachable = Path.of("/root/.cache/tributary-test-fresh-" + ProcessHandle.current().pid(), "pg");
    Path used = null;
    try {
      try (EmbeddedPostgres pg = new EmbeddedPostgres(unreachable, FAST);
          Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
        used = pg.dataDir();
        c.createStatement().execute("CREATE TABLE survivor (id int)");
      }
      assertThat(unreachable.resolve("DATA_LOCATION")).content().contains(used.toString());

      Directories.deleteRecursively(unreachable);

      try (EmbeddedPostgres pg = new EmbeddedPostgres(unreachable, FAST);
          Connection c = DriverManager.getConnection(pg.jdbcUrl());
          ResultSet tables = c.createStatement().executeQuery(
              "SELECT count(*) FROM pg_tables WHERE tablename = 'survivor'")) {
        assertThat(pg.dataDir()).isEqualTo(used);
        tables.next();
        assertThat(tables.getInt(1)).as("tables of the deleted data directory").isZero();
      }
    } finally {
      Directories.deleteRecursively(unreachable.getParent());
      if (used != null) {
        Directories.deleteRecursively(used);
      }
    }
  }

  /** JUnit makes temp dirs 0700; the postgres user must pass through to use them in place. */
  private static Path reachable(Path dir) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  @Test
  void shouldNameThePackageToInstallWhenTheProgramsAreMissing(@TempDir Path emptyBinDir) {
    assertThatThrownBy(() -> new EmbeddedPostgres(emptyBinDir.resolve("data"), FAST.withBinDir(emptyBinDir)))
        .isInstanceOf(MissingBinaryException.class)
        .hasMessageContaining("postgres")
        .hasMessageContaining("apt-get install postgresql")
        .hasMessageContaining("infra/scripts/install-pgvector.sh");
    assertThat(Files.exists(emptyBinDir.resolve("data"))).isFalse();
  }

  @Test
  void shouldNameTheInstallScriptWhenPgvectorIsMissing(@TempDir Path shareDir) {
    PostgresBinaries withoutVector = new PostgresBinaries(PostgresBinaries.detect().binDir(), shareDir);

    assertThatThrownBy(withoutVector::requirePgvector)
        .isInstanceOf(MissingBinaryException.class)
        .hasMessageContaining("infra/scripts/install-pgvector.sh");
  }
}
