package io.tributary.bench.freshness;

import io.tributary.bench.BenchHome;
import io.tributary.bench.Percentiles;
import io.tributary.bench.IngestRoles;
import io.tributary.embedded.EmbeddedServices;
import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.projections.db.Database;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.documents.ContentHash;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench freshness}: submits small documents at a steady rate to a running pipeline
 * and projector and reports how long each took from submission until searchable (its row in
 * {@code rag.documents} with the submitted content), p50 and p99.
 */
@Command(name = "freshness", description = "Submit documents at a steady rate and print submit -> searchable p50/p99 "
    + "(embedded Kafka and Postgres unless KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL are set).")
public final class BenchFreshnessCommand implements Callable<Integer> {

  @Option(names = "--rate", defaultValue = "10", description = "Documents per second (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--documents", defaultValue = "300", description = "Documents to submit (default ${DEFAULT-VALUE}).")
  int documents;

  @Option(names = "--workers", defaultValue = "0", description = "Embedding workers (0 = cores).")
  int workers;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path home = BenchHome.create("freshness");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(EmbeddedServices.REDIS_ENV, "redis://unused");
    int threads = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    try (EmbeddedServices services = EmbeddedServices.start(home, env)) {
      Settings settings = SettingsLoader.load(env).with(Map.of(
          EmbeddedServices.KAFKA_ENV, services.kafkaBootstrapServers(),
          EmbeddedServices.DATABASE_ENV, services.databaseUrl(),
          // Fresh local state: state left by an earlier run against another broker would be stale.
          "TRIBUTARY_STATE_DIR", home.resolve("streams-state").toString()));
      try (IngestRoles roles = IngestRoles.start(settings, threads);
          Database database = new Database(settings.databaseUrl(), 2);
          DocumentSubmitter submitter = DocumentSubmitter.connect(settings.kafkaClients(), "tributary-bench")) {
        DocumentFileLoader loader = new DocumentFileLoader(settings.tenant(), Clock.systemUTC());
        SearchableWatch watch = roles.closer().register(new SearchableWatch(database.jdbi()));
        // Warm-up: start-up, rebalance and JIT are not part of the measurement.
        for (int i = 0; i < 5; i++) {
          watch.expect(submit(loader, submitter, "warm-" + i), System.nanoTime());
        }
        watch.awaitAll(Duration.ofMinutes(5));
        watch.clear();
        long started = System.nanoTime();
        for (int i = 0; i < documents; i++) {
          long due = started + (long) (i / rate * 1e9);
          LockSupport.parkNanos(due - System.nanoTime());
          long sentAt = System.nanoTime();
          watch.expect(submit(loader, submitter, "doc-" + i), sentAt);
        }
        boolean complete = watch.awaitAll(Duration.ofMinutes(5));
        Percentiles latency = new Percentiles(watch.latenciesMillis());
        out.printf(Locale.ROOT, "tributary bench freshness: %s, %d cores, %d documents at %.1f/s, %d embedding workers%n",
            Instant.now(), Runtime.getRuntime().availableProcessors(), documents, rate, threads);
        out.printf(Locale.ROOT, "submitted -> searchable: p50 %d ms, p99 %d ms, max %d ms (target p99 <= 500 ms)%s%n",
            latency.at(50), latency.at(99), latency.at(100), complete ? "" : "; SOME NEVER BECAME SEARCHABLE");
        out.flush();
        return complete ? 0 : 1;
      }
    } finally {
      BenchHome.delete(home);
    }
  }

  /** A short real-looking document (about 120 words), unique per {@code name}. */
  private static SubmittedDocument submit(DocumentFileLoader loader, DocumentSubmitter submitter, String name)
      throws Exception {
    String text = "# Replication note " + name + "\n\n" + PARAGRAPH + " Reference " + name + ".";
    SubmittedDocument document = loader.fromText("bench:freshness/" + name + "/" + System.nanoTime(), name + ".md",
        "text/markdown", text);
    submitter.submit(document, Map.of()).get();
    return document;
  }

  private static final String PARAGRAPH = "Streaming replication allows a standby server to stay more up-to-date "
      + "than is possible with file-based log shipping. The standby connects to the primary, which streams WAL "
      + "records to the standby as they are generated, without waiting for the WAL file to be filled. Streaming "
      + "replication is asynchronous by default, in which case there is a small delay between committing a "
      + "transaction in the primary and the changes becoming visible in the standby. This delay is however much "
      + "smaller than with file-based log shipping, typically under one second assuming the standby is powerful "
      + "enough to keep up with the load.";

  static String hash(SubmittedDocument document) {
    return ContentHash.of(document);
  }
}
