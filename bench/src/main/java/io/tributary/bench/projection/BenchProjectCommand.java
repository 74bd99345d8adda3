package io.tributary.bench.projection;

import io.tributary.bench.BenchHome;
import io.tributary.embedded.EmbeddedServices;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.schemas.kafka.KafkaClients;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tributary bench project}: projection rows/s (live and replay) against raw COPY and batched INSERT. */
@Command(name = "project", description = "Live and replay projection rows/s next to raw COPY and batched INSERT."
    + " Uses DATABASE_URL and KAFKA_BOOTSTRAP_SERVERS when set, else starts its own Kafka and Postgres.")
public final class BenchProjectCommand implements Callable<Integer> {

  @Option(names = "--documents", split = ",", defaultValue = "1500",
      description = "Documents of 4 chunks each, one run per value (default 1500 = 6k rows; e.g. 1500,5000).")
  List<Integer> documents;

  @Override
  public Integer call() throws Exception {
    Path home = BenchHome.create("project");
    Map<String, String> env = new HashMap<>(System.getenv());
    // The bench needs no Redis: an external-looking value keeps EmbeddedServices from starting one.
    env.put(EmbeddedServices.REDIS_ENV, "redis://unused");
    try (EmbeddedServices services = EmbeddedServices.start(home, env);
        Database database = new Database(services.databaseUrl(), 4)) {
      Migrations.apply(database.dataSource());
      System.out.printf("tributary bench project: %d cores, Postgres %s, Kafka %s%n",
          Runtime.getRuntime().availableProcessors(),
          services.embeddedPostgres().isPresent() ? "embedded (durable settings)" : "from DATABASE_URL",
          env.getOrDefault(EmbeddedServices.KAFKA_ENV, "").isBlank() ? "embedded" : "from KAFKA_BOOTSTRAP_SERVERS");
      // An embedded broker is plain; an external one is reached with the process's client settings.
      KafkaClients kafka = env.getOrDefault(EmbeddedServices.KAFKA_ENV, "").isBlank()
          ? KafkaClients.plaintext(services.kafkaBootstrapServers())
          : SettingsLoader.load(env).kafkaClients();
      for (int count : documents) {
        ProjectionBenchReport report =
            new ProjectionBench(database.jdbi(), kafka).run(count);
        System.out.println();
        System.out.println(report.describe());
      }
      return 0;
    } finally {
      BenchHome.delete(home);
    }
  }
}
