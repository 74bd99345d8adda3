package io.tributary.platform.cli;

import io.tributary.platform.bench.IngestBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tributary bench <benchmark>}: speed checks that print ratios against a baseline measured in the same run. */
@Command(name = "bench", description = "Benchmarks that compare against a baseline measured in the same run.",
    subcommands = {BenchCommand.Ingest.class, BenchQueryCommand.class})
public final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code tributary bench ingest}. */
  @Command(name = "ingest", description = "Generated corpus through the whole pipeline vs the raw model rate.")
  static final class Ingest implements Callable<Integer> {

    @Option(names = "--documents", defaultValue = "150", description = "Documents per corpus (default ${DEFAULT-VALUE}).")
    int documents;

    @Option(names = "--workers", defaultValue = "0", description = "Embedding workers (0 = cores).")
    int workers;

    @Override
    public Integer call() throws Exception {
      int threads = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
      IngestBenchmark.Result result = new IngestBenchmark(documents, threads, System.out).run();
      System.out.printf("ratio pipeline / raw = %.2f (target >= 0.80)%n", result.ratio());
      return 0;
    }
  }
}
