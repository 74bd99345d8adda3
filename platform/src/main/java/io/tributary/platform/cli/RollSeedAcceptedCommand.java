package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.platform.roll.AcceptedSeed;
import io.tributary.projections.db.Database;
import io.tributary.schemas.kafka.KafkaAccessException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tributary roll seed-accepted}: the upgrade step that fills docs.accepted.v1 from
 * docs.submitted.v1 with the records that are provably the accepted ones (ADR 0026), so a roll
 * finds every live document there.
 */
@Command(name = "seed-accepted", description = "Copy into docs.accepted.v1 the records of docs.submitted.v1 that are"
    + " provably the accepted ones: the key names the value's tenant and id and the content hash equals the live"
    + " read model's. Keys docs.accepted.v1 already holds are left alone; running it again copies nothing."
    + " Prints each record copied or skipped.")
public final class RollSeedAcceptedCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Where settings come from: the environment or the running dev stack; tests hand in their own. */
  Supplier<Settings> settingsSource = () -> OperatorSettings.load(System.err);

  @Override
  public Integer call() {
    Settings settings = settingsSource.get();
    PrintWriter out = spec.commandLine().getOut();
    // An upgraded deployment may not have created the topic yet.
    TopicSetup.ensure(settings);
    try (Database database = new Database(settings.databaseUrl(), 2)) {
      AcceptedSeed.Report report = new AcceptedSeed(settings.kafkaClients(), database.jdbi(), out::println).run();
      out.println("seeded docs.accepted.v1: copied " + report.copied() + " record(s) of " + report.documents()
          + " document(s), skipped " + report.skipped());
      return 0;
    } catch (RuntimeException e) {
      throw KafkaAccessException.explain(e, settings.kafkaClients());
    }
  }
}
