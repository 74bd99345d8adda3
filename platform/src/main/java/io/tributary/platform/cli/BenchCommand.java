package io.tributary.platform.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tributary bench}: benchmarks that print measurements next to a baseline from the same run. */
@Command(name = "bench", description = "Run a benchmark.", subcommands = {BenchQueryCommand.class})
public final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
