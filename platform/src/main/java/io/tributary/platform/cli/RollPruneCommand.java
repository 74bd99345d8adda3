package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.roll.RetiredPipelines;
import io.tributary.projections.db.Database;
import io.tributary.schemas.kafka.KafkaAccessException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary roll prune}: removes the consumer groups and topics of pipelines the live rag
 * generation stopped following more than the grace period ago, so lag alerts stop firing on them.
 */
@Command(name = "prune", description = "Delete the consumer groups and topics of embedding profiles the live"
    + " generation no longer follows, once --grace has passed since the switch. Prints the plan; --apply deletes.")
public final class RollPruneCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Where settings come from: the environment or the running dev stack; tests hand in their own. */
  Supplier<Settings> settingsSource = () -> OperatorSettings.load(System.err);

  @Option(names = "--grace", defaultValue = "P1D", paramLabel = "DURATION",
      description = "Time since the switch before the old pipeline is removed (ISO-8601, default P1D): a roll back"
          + " within it still finds the old topic.")
  Duration grace;

  @Option(names = "--apply", description = "Delete what the plan lists (without it: print only).")
  boolean apply;

  @Override
  public Integer call() {
    Settings settings = settingsSource.get();
    PrintWriter out = spec.commandLine().getOut();
    // The admin client comes from the process's one client factory: on a secured cluster it logs in
    // with the configured SASL/TLS settings like every other role (issue 13).
    try (Database database = new Database(settings.databaseUrl(), 2);
        Admin admin = settings.kafkaClients().admin("tributary-roll-prune")) {
      RetiredPipelines retired = new RetiredPipelines(settings, database.jdbi(), admin);
      RetiredPipelines.Plan plan = retired.plan(grace, Instant.now());
      if (plan.isEmpty()) {
        out.println("nothing to prune (live since " + plan.liveSince() + ", grace " + grace + ")");
        return 0;
      }
      plan.groups().forEach(group -> out.println((apply ? "deleting" : "would delete") + " group " + group));
      plan.topics().forEach(topic -> out.println((apply ? "deleting" : "would delete") + " topic " + topic));
      if (apply) {
        retired.apply(plan);
        out.println("pruned " + plan.groups().size() + " group(s) and " + plan.topics().size() + " topic(s)");
      }
      return 0;
    } catch (RuntimeException e) {
      throw KafkaAccessException.explain(e, settings.kafkaClients());
    }
  }
}
