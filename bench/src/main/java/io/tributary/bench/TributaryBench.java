package io.tributary.bench;

import io.tributary.bench.freshness.BenchFreshnessCommand;
import io.tributary.bench.ingest.BenchIngestCommand;
import io.tributary.platform.Tributary;
import io.tributary.platform.logging.LogFormat;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/**
 * The benchmark runnable: Tributary's own command line with the benchmarks that need peers or a
 * real corpus added under {@code bench}. Built as its own jar so that the peers (LangChain4j's
 * pgvector store) never reach the production jar.
 */
public final class TributaryBench {

  private TributaryBench() {}

  public static void main(String[] args) {
    LogFormat.select(args, System.getenv());
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine().execute(args));
  }

  /** {@link Tributary#commandLine()} with {@code bench ingest} and {@code bench freshness}. */
  public static CommandLine commandLine() {
    CommandLine commandLine = Tributary.commandLine();
    CommandLine bench = commandLine.getSubcommands().get("bench");
    bench.addSubcommand(new BenchIngestCommand());
    bench.addSubcommand(new BenchFreshnessCommand());
    return commandLine;
  }
}
