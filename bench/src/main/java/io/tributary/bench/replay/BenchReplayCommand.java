package io.tributary.bench.replay;

import io.tributary.bench.BenchHome;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.EmbeddedServices;
import io.tributary.embedded.PostgresOptions;
import io.tributary.bench.replay.ReplayBench;
import io.tributary.bench.replay.ReplayBenchReport;
import io.tributary.projections.replay.ReplayLimits;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary bench replay --chunks N}: a replay of N synthetic chunks timed to the switch, its
 * index build beside a raw {@code CREATE INDEX} of the same rows, peak connections and heap.
 */
@Command(name = "replay", description = "Replay N synthetic chunks to the switch in its own Kafka and Postgres;"
    + " index build vs raw CREATE INDEX of the same rows (target ratio <= 1.2), peak connections and heap.")
public final class BenchReplayCommand implements Callable<Integer> {

  @Option(names = "--chunks", split = ",", defaultValue = "10000",
      description = "Chunks to replay, one run per value (default ${DEFAULT-VALUE}; e.g. 10000,50000,200000).")
  List<Integer> chunks;

  @Option(names = "--max-connections", defaultValue = "4", description = "TRIBUTARY_REPLAY_MAX_CONNECTIONS.")
  int maxConnections;

  @Option(names = "--max-memory-mb", defaultValue = "256", description = "TRIBUTARY_REPLAY_MAX_MEMORY_MB.")
  int maxMemoryMb;

  @Option(names = "--maintenance-work-mem", defaultValue = "256MB",
      description = "TRIBUTARY_REPLAY_MAINTENANCE_WORK_MEM.")
  String maintenanceWorkMem;

  @Option(names = "--parallel-workers", defaultValue = "1",
      description = "TRIBUTARY_REPLAY_PARALLEL_MAINTENANCE_WORKERS.")
  int parallelWorkers;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    ReplayLimits limits = new ReplayLimits(maxConnections, (long) maxMemoryMb << 20, maintenanceWorkMem,
        parallelWorkers);
    Path home = BenchHome.create("replay");
    // Always its own services, durable like production: a benchmark never loads a configured database.
    try (EmbeddedServices services = EmbeddedServices.start(home, Map.of(EmbeddedServices.REDIS_ENV, "redis://unused"),
        PostgresOptions.defaults())) {
      EmbeddedPostgres postgres = services.embeddedPostgres().orElseThrow();
      out.printf("tributary bench replay, %s: %d cores, load average %s, %s%n", Instant.now(),
          Runtime.getRuntime().availableProcessors(), loadAverage(), limits.describe());
      ReplayBench bench = new ReplayBench(services.kafkaBootstrapServers(), limits, out);
      List<ReplayBenchReport> reports = new ArrayList<>();
      for (int size : chunks) {
        out.printf("%n%,d chunks:%n", size);
        reports.add(bench.run(postgres.createDatabase("bench_replay_" + size), size));
        out.println(reports.getLast().describe());
      }
      out.printf("%nload average after the runs: %s%n", loadAverage());
      out.println("| chunks | to switch s | rows/s | load s | index build s | raw CREATE INDEX s | ratio"
          + " | peak connections | peak heap-in-use growth MB |");
      out.println("|---|---|---|---|---|---|---|---|---|");
      reports.forEach(report -> out.println(report.tableRow()));
      return 0;
    } finally {
      BenchHome.delete(home);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
