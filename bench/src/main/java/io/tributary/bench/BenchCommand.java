package io.tributary.bench;

import io.tributary.bench.freshness.BenchFreshnessCommand;
import io.tributary.bench.ingest.BenchIngestCommand;
import io.tributary.bench.projection.BenchProjectCommand;
import io.tributary.bench.query.BenchQueryCommand;
import io.tributary.bench.replay.BenchReplayCommand;
import io.tributary.bench.route.BenchRouteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code tributary bench <benchmark>}: speed checks that print ratios against a baseline measured in
 * the same run, some of them against a peer that users would pick instead.
 */
@Command(name = "bench", description = "Benchmarks that compare against a baseline measured in the same run.",
    subcommands = {BenchQueryCommand.class, BenchProjectCommand.class, BenchRouteCommand.class,
        BenchReplayCommand.class, BenchIngestCommand.class, BenchFreshnessCommand.class})
public final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
