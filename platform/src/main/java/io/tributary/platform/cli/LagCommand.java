package io.tributary.platform.cli;

import io.tributary.platform.cli.output.LagTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.monitoring.lag.LagCollector;
import io.tributary.monitoring.lag.LagSnapshot;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.LagWiring;
import io.tributary.projections.db.Database;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary lag}: the lag of every consumer group as a table, once or refreshed with {@code --watch}. */
@Command(name = "lag", description = "Show consumer lag per group, topic and partition: offsets, seconds, trend, "
    + "stall and retention risk (reads KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL).")
public final class LagCommand implements Callable<Integer> {

  @Option(names = "--watch", description = "Refresh every TRIBUTARY_LAG_INTERVAL_MS until interrupted; "
      + "trend and stall appear once history covers their windows.")
  boolean watch;

  @Option(names = "--group", paramLabel = "GROUP", description = "Only this consumer group.")
  String group;

  @Spec CommandSpec spec;

  /** Where settings come from: the environment; tests hand in their own. */
  Supplier<Settings> settingsSource = () -> OperatorSettings.load(System.err);

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = settingsSource.get();
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = new Database(settings.databaseUrl(), 1);
        Admin admin = settings.kafkaClients().admin("tributary-lag-cli");
        LagCollector collector = LagWiring.collector(settings, admin, database, new SimpleMeterRegistry(),
            "tributary-lag-cli")) {
      do {
        LagSnapshot snapshot = collector.sample();
        if (group != null) {
          if (snapshot.group(group).isEmpty() && !watch) {
            spec.commandLine().getErr().println("tributary: no consumer group '" + group + "'");
            return 1;
          }
          snapshot = snapshot.only(group);
        }
        if (watch) {
          out.print("\033[H\033[2J");
        }
        out.print(LagTable.render(snapshot, watch));
        out.flush();
        if (watch) {
          Thread.sleep(settings.lag().interval().toMillis());
        }
      } while (watch);
      return 0;
    }
  }
}
