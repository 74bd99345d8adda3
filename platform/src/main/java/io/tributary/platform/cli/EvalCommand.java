package io.tributary.platform.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tributary eval ...}: quality measurements on labelled data. */
@Command(name = "eval", description = "Measure answer quality on labelled data.",
    subcommands = {EvalRetrievalCommand.class})
public final class EvalCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
