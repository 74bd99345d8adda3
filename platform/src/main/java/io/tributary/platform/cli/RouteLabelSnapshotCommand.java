package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.platform.cli.output.LabelTables;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.intents.LabelLog;
import io.tributary.streams.intents.LabelPolicy;
import io.tributary.streams.intents.LabelSnapshots;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary route-label snapshot}: freezes the current labels into a snapshot a catalogue can name. */
@Command(name = "snapshot", description = "Read agents.labels.v1 to its end and freeze the current labels into a "
    + "snapshot on agents.label-snapshots.v1, one part per tenant: per tenant and agent the newest labels up to "
    + "--max-per-agent, none older than --max-age-days, and the oldest dropped first when a tenant's part would "
    + "not fit one record. The id is a hash of what is kept: the same labels give the same id.")
public final class RouteLabelSnapshotCommand implements Callable<Integer> {

  @Option(names = "--max-per-agent", paramLabel = "N", defaultValue = "" + LabelPolicy.DEFAULT_MAX_PER_AGENT,
      description = "Newest labels kept per tenant and agent (default ${DEFAULT-VALUE}).")
  int maxPerAgent;

  @Option(names = "--max-age-days", paramLabel = "D", defaultValue = "180",
      description = "Labels older than D days are left out; 0 keeps every age (default ${DEFAULT-VALUE}).")
  long maxAgeDays;

  @Option(names = "--dry-run", description = "Print what the snapshot would hold; write nothing.")
  boolean dryRun;

  @Mixin KafkaOption kafka;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    LabelPolicy policy = policy();
    Settings settings = kafka.settings();
    LabelLog.Contents current = new LabelLog(settings.kafkaClients()).read(Duration.ofMinutes(2));
    if (current.labels().isEmpty()) {
      throw new UserError(Topics.AGENTS_LABELS.name() + " holds no labels: nothing to snapshot"
          + (current.unreadable() > 0 ? " (" + current.unreadable() + " unreadable record(s) skipped)" : ""));
    }
    LabelSnapshots.Built built = LabelSnapshots.build(current.labels(), policy, Instant.now());
    PrintWriter out = spec.commandLine().getOut();
    out.printf("tributary route-label snapshot: %s from %d label(s) of %s, %d tenant(s)%n", built.id(),
        current.labels().size(), Topics.AGENTS_LABELS.name(), built.parts().size());
    out.print(LabelTables.counts(built.counts()));
    out.printf("left out: %d older than %s, %d beyond %d per agent, %d beyond the %d MiB part%n", built.aged(),
        policy.maxAge().isZero() ? "(no age limit)" : policy.maxAge().toDays() + " days", built.overBound(),
        policy.maxPerAgent(), built.overSize(), Topics.LABEL_SNAPSHOT_MAX_MESSAGE_BYTES / (1024 * 1024));
    if (current.unreadable() > 0) {
      out.printf("skipped %d unreadable record(s) of %s%n", current.unreadable(), Topics.AGENTS_LABELS.name());
    }
    if (dryRun) {
      out.println("dry run: nothing written");
      out.flush();
      return 0;
    }
    TopicSetup.ensure(settings);
    // One transaction: routers and route-publish never see a snapshot with some tenants' parts missing.
    try (TopicWriter<String, LabelSnapshot> writer = TopicWriter.atomic(settings.kafkaClients(),
        Topics.AGENTS_LABEL_SNAPSHOTS, "tributary-label-snapshot", "tributary-label-snapshot")) {
      built.parts().forEach(part -> writer.send(LabelSnapshot.key(part.snapshot(), part.tenant()), part));
      writer.flush();
    }
    out.printf("written to %s (%d part(s)); route with it: tributary route-publish --labels %s%n",
        Topics.AGENTS_LABEL_SNAPSHOTS.name(), built.parts().size(), built.id());
    out.flush();
    return 0;
  }

  private LabelPolicy policy() {
    if (maxAgeDays < 0) {
      throw new UserError("--max-age-days must be 0 (no limit) or more, was " + maxAgeDays);
    }
    try {
      return new LabelPolicy(maxPerAgent, Duration.ofDays(maxAgeDays));
    } catch (IllegalArgumentException e) {
      throw new UserError("--max-per-agent: " + e.getMessage());
    }
  }
}
