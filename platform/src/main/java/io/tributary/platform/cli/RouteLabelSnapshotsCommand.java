package io.tributary.platform.cli;

import io.tributary.platform.cli.output.LabelTables;
import io.tributary.platform.config.Settings;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.intents.ActiveCatalogue;
import io.tributary.streams.intents.LabelSnapshotLog;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tributary route-label snapshots}: the snapshots on agents.label-snapshots.v1 and the one routers use. */
@Command(name = "snapshots", description = "List the label snapshots on agents.label-snapshots.v1, newest first, "
    + "with when they were taken, their labels per tenant, and which one the active catalogue routes with.")
public final class RouteLabelSnapshotsCommand implements Callable<Integer> {

  @Mixin KafkaOption kafka;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Settings settings = kafka.settings();
    Optional<AgentCatalogue> catalogue = new ActiveCatalogue(settings.kafkaClients()).read(Duration.ofMinutes(2));
    String active = catalogue.flatMap(AgentCatalogue::labelSettings).map(LabelSettings::snapshot).orElse(null);
    List<LabelSnapshotLog.Summary> snapshots =
        new LabelSnapshotLog(settings.kafkaClients()).list(Duration.ofMinutes(2));
    PrintWriter out = spec.commandLine().getOut();
    if (snapshots.isEmpty()) {
      out.println("no label snapshots on " + Topics.AGENTS_LABEL_SNAPSHOTS.name()
          + ": take one with tributary route-label snapshot");
    } else {
      out.print(LabelTables.snapshots(snapshots, active));
    }
    out.println(catalogue.map(c -> "active catalogue " + c.version()
            + (active == null ? " routes without labels" : " routes with " + active
                + (snapshots.stream().anyMatch(s -> s.snapshot().equals(active)) ? ""
                    : ", which is not on " + Topics.AGENTS_LABEL_SNAPSHOTS.name() + " (no tenant has labels)")))
        .orElse("no catalogue is active"));
    out.flush();
    return 0;
  }
}
