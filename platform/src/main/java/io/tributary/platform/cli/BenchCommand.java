package io.tributary.platform.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tributary bench <what>}: benchmarks that print rates measured in the same run. */
@Command(name = "bench", description = "Benchmarks.", subcommands = {BenchRouteCommand.class})
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
