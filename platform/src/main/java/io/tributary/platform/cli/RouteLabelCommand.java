package io.tributary.platform.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tributary route-label import|withdraw|snapshot|snapshots|prune}: the labels routing learns from (docs/labels.md).
 */
@Command(name = "route-label", description = "Manage the labels routing learns from: import a labelled file into "
    + "agents.labels.v1, withdraw labels, freeze the current labels into a snapshot on agents.label-snapshots.v1, "
    + "list the snapshots, prune old ones. A catalogue routes with a snapshot once route-publish --labels names it.",
    subcommands = {RouteLabelImportCommand.class, RouteLabelWithdrawCommand.class, RouteLabelSnapshotCommand.class,
        RouteLabelSnapshotsCommand.class, RouteLabelPruneCommand.class})
public final class RouteLabelCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
