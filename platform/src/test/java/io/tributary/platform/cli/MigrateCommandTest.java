package io.tributary.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.Tributary;
import io.tributary.platform.config.SettingsLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code tributary migrate [--check]}: what the setup job and the roles' init containers run. */
@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
class MigrateCommandTest {

  @Test
  void shouldReportPendingMigrationsUntilMigrateHasRun(TestDatabase db) {
    // Given: an empty database
    MigrateCommand command = new MigrateCommand();
    command.settingsSource = () -> SettingsLoader.load(Map.of("DATABASE_URL", db.jdbcUrl()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

    // When / Then: the check fails, migrate succeeds, the check passes
    assertThat(cli.execute("--check")).as(err::toString).isEqualTo(MigrateCommand.PENDING);
    assertThat(cli.execute()).isZero();
    assertThat(cli.execute("--check")).isZero();
    assertThat(out.toString()).contains("migration(s) pending", "migration(s) applied", "schema is current");
  }

  @Test
  void shouldBeASubcommandOfTributary() {
    assertThat(Tributary.commandLine().getSubcommands()).containsKey("migrate");
  }
}
