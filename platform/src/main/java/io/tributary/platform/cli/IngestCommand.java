package io.tributary.platform.cli;

import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.platform.config.Settings;
import io.tributary.platform.ingest.ApiSearchableWait;
import io.tributary.platform.ingest.BulkIngest;
import io.tributary.platform.ingest.DocumentStatusClient;
import io.tributary.platform.ingest.IndexingProgressLine;
import io.tributary.platform.ingest.IngestProgress;
import io.tributary.platform.ingest.SearchableWait;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.projections.db.Database;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary ingest <dir|file|glob>...}: loads .md, .txt, .html and .pdf files into
 * docs.submitted.v1 with a progress line on stderr, reports failed files at the end and exits 1
 * if any failed; {@code --wait} then polls the read model (or, with {@code --api}, the API) until
 * everything is searchable.
 */
@Command(name = "ingest", description = "Load .md/.txt/.html/.pdf files, folders or globs into docs.submitted.v1.")
public final class IngestCommand implements Callable<Integer> {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  /** Status requests in flight at once with --api: polite to an API that also serves searches. */
  private static final int API_CONCURRENCY = 4;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, folders or quoted globs ('docs/**/*.md').")
  List<String> paths;

  @Option(names = "--wait", description = "Wait until every submitted document is searchable (polls Postgres rag.documents;"
      + " needs DATABASE_URL, or --api).")
  boolean await;

  @Option(names = "--wait-timeout", defaultValue = "PT10M", description = "How long --wait waits (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration waitTimeout;

  @Option(names = "--api", paramLabel = "URL",
      description = "With --wait: ask this running API (GET /api/v1/documents/{id}) instead of Postgres.")
  URI api;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Bearer token for --api, role tributary.read, tenant TRIBUTARY_TENANT (default: $TRIBUTARY_TOKEN).")
  String token;

  @Spec CommandSpec spec;

  /** Where settings come from: the environment; tests hand in their own. */
  Supplier<Settings> settingsSource = () -> OperatorSettings.load(System.err);

  @Override
  public Integer call() throws InterruptedException {
    if (api != null && !await) {
      throw new ParameterException(spec.commandLine(), "--api says where --wait asks: add --wait");
    }
    Settings settings = settingsSource.get();
    TopicSetup.ensure(settings);
    Clock clock = Clock.systemUTC();
    Instant started = clock.instant();
    DocumentFileLoader loader = new DocumentFileLoader(settings.tenant(), clock);
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
      IndexingProgressLine progress = new IndexingProgressLine(err, System.console() != null);
      boolean searchable = api == null
          ? waitInDatabase(settings, report.submitted(), progress, err)
          : waitThroughApi(report.submitted(), started, progress, err);
      if (!searchable) {
        return 1;
      }
      System.out.println("tributary ingest: all " + report.submitted().size() + " document(s) are searchable");
    }
    return report.failures().isEmpty() ? 0 : 1;
  }

  /** Polls Postgres, the rows search reads; says what is missing and returns false when not all arrived. */
  private boolean waitInDatabase(Settings settings, Map<String, String> submitted, IndexingProgressLine progress,
      PrintStream err) throws InterruptedException {
    try (Database database = new Database(settings.databaseUrl(), 1)) {
      Set<String> missing = new SearchableWait(database.jdbi(), POLL_INTERVAL).await(submitted, waitTimeout, progress);
      progress.finish();
      if (!missing.isEmpty()) {
        err.println("tributary ingest: " + missing.size() + " document(s) not searchable after " + waitTimeout
            + " (see docs.submitted.v1.dlq.v1 for rejected ones)");
      }
      return missing.isEmpty();
    }
  }

  /** Asks the API, for users without database access; says what was refused or is missing. */
  private boolean waitThroughApi(Map<String, String> submitted, Instant started, IndexingProgressLine progress,
      PrintStream err) throws InterruptedException {
    String bearer = token != null ? token : System.getenv("TRIBUTARY_TOKEN");
    try (HttpClient http = HttpClient.newHttpClient()) {
      ApiSearchableWait.Outcome outcome = new ApiSearchableWait(new DocumentStatusClient(http, api, bearer),
          POLL_INTERVAL, API_CONCURRENCY).await(submitted, started, waitTimeout, progress);
      progress.finish();
      outcome.failed().forEach((id, reason) -> err.println("  refused: " + id + ": " + reason));
      if (!outcome.failed().isEmpty()) {
        err.println("tributary ingest: " + outcome.failed().size() + " document(s) refused by the pipeline");
      }
      if (!outcome.pending().isEmpty()) {
        err.println("tributary ingest: " + outcome.pending().size() + " document(s) not searchable after "
            + waitTimeout);
      }
      return outcome.allSearchable();
    }
  }
}
