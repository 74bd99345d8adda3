package io.tributary.platform.cli;

import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.platform.config.Settings;
import io.tributary.platform.ingest.BulkIngest;
import io.tributary.platform.ingest.IngestProgress;
import io.tributary.platform.ingest.SearchableWait;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.projections.db.Database;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary ingest <dir|file|glob>...}: loads .md, .txt, .html and .pdf files into
 * docs.submitted.v1 with a progress line on stderr, reports failed files at the end and exits 1
 * if any failed; {@code --wait} then polls the read model until everything is searchable.
 */
@Command(name = "ingest", description = "Load .md/.txt/.html/.pdf files, folders or globs into docs.submitted.v1.")
public final class IngestCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, folders or quoted globs ('docs/**/*.md').")
  List<String> paths;

  @Option(names = "--wait", description = "Wait until every submitted document is searchable (polls Postgres rag.documents; needs DATABASE_URL).")
  boolean await;

  @Option(names = "--wait-timeout", defaultValue = "PT10M", description = "How long --wait waits (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration waitTimeout;

  /** Where settings come from: the environment; tests hand in their own. */
  Supplier<Settings> settingsSource = () -> OperatorSettings.load(System.err);

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = settingsSource.get();
    TopicSetup.ensure(settings);
    DocumentFileLoader loader = new DocumentFileLoader(settings.tenant(), Clock.systemUTC());
    PrintStream err = System.err;
    BulkIngest.Report report;
    try (DocumentSubmitter submitter = DocumentSubmitter.connect(settings.kafkaClients(), "tributary-ingest")) {
      report = new BulkIngest(loader, submitter)
          .run(paths, total -> new IngestProgress(err, System.console() != null, System::nanoTime, total));
    }
    System.out.println("tributary ingest: " + report.submitted().size() + " document(s) submitted, "
        + report.failures().size() + " failed");
    report.failures().forEach((path, reason) -> err.println("  failed: " + path + ": " + reason));
    if (await && !report.submitted().isEmpty()) {
      try (Database database = new Database(settings.databaseUrl(), 1)) {
        boolean terminal = System.console() != null;
        int[] lastShown = {-1};
        Set<String> missing = new SearchableWait(database.jdbi(), Duration.ofMillis(500))
            .await(report.submitted(), waitTimeout, progress -> {
              if (terminal) {
                err.print("\r" + progress.line());
              } else if (progress.searchable() != lastShown[0]) {
                // Logs get a line only when something changed, not one per poll.
                lastShown[0] = progress.searchable();
                err.println(progress.line());
              }
            });
        if (terminal) {
          err.println();
        }
        if (!missing.isEmpty()) {
          err.println("tributary ingest: " + missing.size() + " document(s) not searchable after " + waitTimeout
              + " (see docs.submitted.v1.dlq.v1 for rejected ones)");
          return 1;
        }
        System.out.println("tributary ingest: all " + report.submitted().size() + " document(s) are searchable");
      }
    }
    return report.failures().isEmpty() ? 0 : 1;
  }
}
