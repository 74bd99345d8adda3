package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.platform.config.Settings;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.intents.ActiveCatalogue;
import io.tributary.streams.intents.LabelSnapshotLog;
import io.tributary.streams.intents.LabelSnapshotRetention;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary route-label prune}: removes old label snapshots from agents.label-snapshots.v1. */
@Command(name = "prune", description = "Remove old label snapshots from agents.label-snapshots.v1: a tombstone for "
    + "every part of each snapshot but the --keep newest and the one the active catalogue routes with. Compaction "
    + "then frees the space, and routers drop the parts from their global tables.")
public final class RouteLabelPruneCommand implements Callable<Integer> {

  @Option(names = "--keep", paramLabel = "N", defaultValue = "" + LabelSnapshotRetention.DEFAULT_KEEP,
      description = "Newest snapshots kept, to publish or roll back to (default ${DEFAULT-VALUE}).")
  int keep;

  @Option(names = "--dry-run", description = "Print what would be removed; write nothing.")
  boolean dryRun;

  @Mixin KafkaOption kafka;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    LabelSnapshotRetention retention;
    try {
      retention = new LabelSnapshotRetention(keep);
    } catch (IllegalArgumentException e) {
      throw new UserError("--keep: " + e.getMessage());
    }
    Settings settings = kafka.settings();
    String active = new ActiveCatalogue(settings.kafkaClients()).read(Duration.ofMinutes(2))
        .flatMap(AgentCatalogue::labelSettings).map(LabelSettings::snapshot).orElse(null);
    List<LabelSnapshotLog.Summary> snapshots =
        new LabelSnapshotLog(settings.kafkaClients()).list(Duration.ofMinutes(2));
    List<LabelSnapshotLog.Summary> expired = retention.expired(snapshots, active);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("tributary route-label prune: %d snapshot(s) on %s, keeping the %d newest%s; %d to remove%n",
        snapshots.size(), Topics.AGENTS_LABEL_SNAPSHOTS.name(), keep,
        active == null ? "" : " and " + active + " (active)", expired.size());
    expired.forEach(s -> out.printf("  %s  %s  %d label(s) of %d tenant(s)%n", s.snapshot(), s.createdAt(),
        s.labels(), s.labelsByTenant().size()));
    if (dryRun || expired.isEmpty()) {
      out.println(dryRun ? "dry run: nothing written" : "nothing to remove");
      out.flush();
      return 0;
    }
    // One transaction: a snapshot is gone for every tenant at once, never half removed.
    long parts;
    try (TopicWriter<String, LabelSnapshot> writer = TopicWriter.atomic(settings.kafkaClients(),
        Topics.AGENTS_LABEL_SNAPSHOTS, "tributary-label-prune", "tributary-label-prune")) {
      expired.forEach(s -> s.labelsByTenant().keySet()
          .forEach(tenant -> writer.send(LabelSnapshot.key(s.snapshot(), tenant), null)));
      parts = writer.flush();
    }
    out.printf("removed %d snapshot(s): %d tombstone(s) written to %s%n", expired.size(), parts,
        Topics.AGENTS_LABEL_SNAPSHOTS.name());
    out.flush();
    return 0;
  }
}
