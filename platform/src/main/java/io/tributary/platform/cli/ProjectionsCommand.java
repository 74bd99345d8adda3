package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.ProjectionsWiring;
import io.tributary.projections.db.Database;
import io.tributary.projections.generations.Generation;
import io.tributary.projections.projector.DeadLetterDesk;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.status.PartitionProgress;
import io.tributary.projections.status.ProjectionReport;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tributary projections}: status of every projection; {@code skip|retry} resolve dead letters. */
@Command(name = "projections", description = "Show projections: generations, offsets, lag, dead letters.",
    subcommands = {ProjectionsCommand.Skip.class, ProjectionsCommand.Retry.class})
public final class ProjectionsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    Settings settings = OperatorSettings.load(System.err);
    try (Database database = new Database(settings.databaseUrl(), 2);
        Admin admin = settings.kafkaClients().admin("tributary-projections-cli")) {
      ProjectionsWiring.status(database.jdbi(), admin).all().forEach(report -> System.out.println(describe(report)));
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
    @Parameters(index = "0", paramLabel = "PROJECTION", description = "Projection name, e.g. rag.")
    String projection;

    @Parameters(index = "1", paramLabel = "DEAD_LETTER_ID", description = "Id of an open dead letter.")
    long id;

    abstract DeadLetterDesk.Resolution resolve(DeadLetterDesk<?, ?> desk, long id);

    @Override
    public Integer call() {
      if (!projection.equals(RagProjection.NAME)) {
        throw new UserError("no projection named '" + projection + "'");
      }
      Settings settings = OperatorSettings.load(System.err);
      try (Database database = new Database(settings.databaseUrl(), 2)) {
        DeadLetterDesk<?, ?> desk =
            new DeadLetterDesk<>(new RagProjection(ProjectionsWiring.liveRag(database.jdbi()).topic()), database.jdbi(), settings.kafkaClients());
        DeadLetterDesk.Resolution resolution = resolve(desk, id);
        System.out.printf("dead letter %d: %d records applied, %d parked again, %d new dead letters%n",
            resolution.deadLetterId(), resolution.applied(), resolution.stillParked(), resolution.newDeadLetters());
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
