package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary migrate}: brings the database to this build's schema (the setup job runs it
 * before the roles); {@code --check} only says whether migrations are pending, so an init
 * container can hold a role until the schema is current.
 */
@Command(name = "migrate", description = "Migrate the database to this version's schema."
    + " With --check, change nothing and exit 3 while migrations are pending.")
public final class MigrateCommand implements Callable<Integer> {

  /** Exit code of {@code --check} while the database is behind this build. */
  static final int PENDING = 3;

  @Spec CommandSpec spec;

  /** Where settings come from; tests replace it. */
  Supplier<Settings> settingsSource = SettingsLoader::fromEnvironment;

  @Option(names = "--check", description = "Only check: exit 0 when the schema is current, 3 when not.")
  boolean check;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // Flyway holds one connection for its lock and works on another.
    try (Database database = new Database(settingsSource.get().databaseUrl(), 2)) {
      if (check) {
        int pending = Migrations.pending(database.dataSource());
        out.println(pending == 0 ? "schema is current" : pending + " migration(s) pending");
        return pending == 0 ? 0 : PENDING;
      }
      out.println(Migrations.apply(database.dataSource()) + " migration(s) applied");
      return 0;
    }
  }
}
