package io.tributary.bench;

import io.tributary.dev.TributaryDev;
import io.tributary.platform.Tributary;
import picocli.CommandLine;

/**
 * The benchmark runnable: the development command line with {@code bench} added. Built as its own
 * jar so that the benchmarks and the peers they compare against (LangChain4j's pgvector store) never
 * reach the production jar.
 */
public final class TributaryBench {

  private TributaryBench() {}

  public static void main(String[] args) {
    Tributary.launch(args, TributaryBench::commandLine);
  }

  /** {@link TributaryDev#commandLine()} with every {@code bench} subcommand. */
  public static CommandLine commandLine() {
    CommandLine commandLine = TributaryDev.commandLine();
    commandLine.addSubcommand(new BenchCommand());
    return commandLine;
  }
}
