package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.projections.bench.ProjectionBench;
import io.tributary.projections.bench.ProjectionBenchReport;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tributary bench <what>}: throughput against baselines measured in the same run. */
@Command(name = "bench", description = "Benchmarks that print ratios against baselines measured in the same run.",
    subcommands = {BenchCommand.Project.class})
public final class BenchCommand implements Runnable {

  @Override
  public void run() {
    System.out.println("usage: tributary bench project [--documents N]");
  }

  /** {@code tributary bench project}: projection rows/s (live and replay) against raw COPY and batched INSERT. */
  @Command(name = "project", description = "Live and replay projection rows/s next to raw COPY and batched INSERT.")
  static final class Project implements Callable<Integer> {

    @Option(names = "--documents", defaultValue = "1500", description = "Documents of 4 chunks each (default 1500).")
    int documents;

    @Override
    public Integer call() {
      Settings settings = SettingsLoader.fromEnvironment();
      try (Database database = new Database(settings.databaseUrl(), 2)) {
        Migrations.apply(database.dataSource());
        ProjectionBenchReport report =
            new ProjectionBench(database.jdbi(), settings.kafkaBootstrapServers()).run(documents);
        System.out.println(report.describe());
        return 0;
      }
    }
  }
}
