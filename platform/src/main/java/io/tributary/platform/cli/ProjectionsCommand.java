package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.ProjectionsWiring;
import io.tributary.projections.db.Database;
import io.tributary.projections.generations.Generation;
import io.tributary.projections.projector.DeadLetterDesk;
import io.tributary.projections.status.PartitionProgress;
import io.tributary.projections.status.ProjectionReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tributary projections}: status of every projection the product runs; {@code skip|retry}
 * resolve one's dead letters.
 */
@Command(name = "projections", description = "Show projections: generations, offsets, lag, dead letters.",
    subcommands = {ProjectionsCommand.Skip.class, ProjectionsCommand.Retry.class})
public final class ProjectionsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Where the settings come from; tests point it at their own broker and database. */
  Supplier<Settings> settingsSource = () -> OperatorSettings.load(System.err);

  @Override
  public Integer call() {
    Settings settings = settingsSource.get();
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = new Database(settings.databaseUrl(), 2);
        Admin admin = settings.kafkaClients().admin("tributary-projections-cli")) {
      ProjectionsWiring.status(database.jdbi(), admin).all().forEach(report -> out.println(describe(report)));
      out.flush();
      return 0;
    }
  }

  static String describe(ProjectionReport report) {
    StringBuilder text = new StringBuilder();
    text.append(report.projection()).append(" <- ").append(report.topic()).append(": ")
        .append(report.replayable() ? "live generation " + report.liveGeneration() : "not replayable")
        .append(", lag ").append(report.lag())
        .append(", dead letters open ").append(report.openDeadLetters())
        .append(", parked ").append(report.parkedRecords()).append('\n');
    Generation building = report.building();
    if (building != null) {
      String unit = building.phaseUnit() == null ? "records" : building.phaseUnit();
      text.append(String.format(Locale.ROOT,
          "  building generation %d (%s, from %s): %d/%d %s, %.0f %s/s, ETA %s; %d/%d records%s%n",
          building.generation(), building.phase(), building.replayFrom(), building.phaseDone(), building.phaseTotal(),
          unit, building.recordsPerSecond(), unit,
          building.phaseEtaSeconds() == null ? "?" : building.phaseEtaSeconds() + " s", building.recordsDone(),
          building.recordsTotal(), building.waitingFor() == null ? "" : "; waiting: " + building.waitingFor()));
    }
    for (PartitionProgress partition : report.partitions()) {
      text.append("  partition ").append(partition.partition()).append(": stored ").append(partition.storedOffset())
          .append(", end ").append(partition.endOffset()).append(", lag ").append(partition.lag()).append('\n');
    }
    if (report.lastError() != null) {
      text.append("  last error (").append(report.lastErrorAt()).append("): ").append(report.lastError()).append('\n');
    }
    return text.toString().stripTrailing();
  }

  /** Shared by skip and retry: which projection and dead letter. */
  abstract static class Resolve implements Callable<Integer> {
    @ParentCommand ProjectionsCommand parent;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECTION",
        description = "Projection name: rag, document-failures, agents or agent-labels.")
    String projection;

    @Parameters(index = "1", paramLabel = "DEAD_LETTER_ID", description = "Id of an open dead letter.")
    long id;

    abstract DeadLetterDesk.Resolution resolve(DeadLetterDesk<?, ?> desk, long id);

    @Override
    public Integer call() {
      if (!ProjectionsWiring.names().contains(projection)) {
        throw new UserError("no projection named '" + projection + "'; known: " + ProjectionsWiring.names());
      }
      Settings settings = parent.settingsSource.get();
      try (Database database = new Database(settings.databaseUrl(), 2)) {
        DeadLetterDesk<?, ?> desk = new DeadLetterDesk<>(ProjectionsWiring.projection(projection, database.jdbi()),
            database.jdbi(), settings.kafkaClients());
        DeadLetterDesk.Resolution resolution;
        try {
          resolution = resolve(desk, id);
        } catch (IllegalArgumentException e) {
          // No open dead letter of that id: the operator's to check, not a bug.
          throw new UserError(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("dead letter %d: %d records applied, %d parked again, %d new dead letters%n",
            resolution.deadLetterId(), resolution.applied(), resolution.stillParked(), resolution.newDeadLetters());
        out.flush();
        return 0;
      }
    }
  }

  /** {@code tributary projections skip <projection> <id>}. */
  @Command(name = "skip", description = "Drop a dead letter for good and apply the records parked behind it.")
  static final class Skip extends Resolve {
    @Override
    DeadLetterDesk.Resolution resolve(DeadLetterDesk<?, ?> desk, long id) {
      return desk.skip(id);
    }
  }

  /** {@code tributary projections retry <projection> <id>}. */
  @Command(name = "retry", description = "Apply a dead-lettered record again (after a fix), then its parked records.")
  static final class Retry extends Resolve {
    @Override
    DeadLetterDesk.Resolution resolve(DeadLetterDesk<?, ?> desk, long id) {
      return desk.retry(id);
    }
  }
}
