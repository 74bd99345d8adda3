package io.tributary.bench.ingest;

import io.tributary.bench.IngestRoles;
import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.platform.config.Settings;
import io.tributary.platform.ingest.BulkIngest;
import io.tributary.platform.ingest.IndexingProgress;
import io.tributary.platform.ingest.IngestProgress;
import io.tributary.platform.ingest.SearchableWait;
import io.tributary.projections.db.Database;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.documents.ContentHash;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tributary as a user runs it: the document pipeline and the projector (the roles of
 * {@code tributary dev} that ingest needs), then {@code tributary ingest --wait}'s path: files
 * loaded and submitted, timed until every document is searchable in Postgres.
 */
final class TributaryIngestRun {

  private final Settings settings;
  private final int workers;
  private final Duration timeout;
  private final EmbeddedTokens tokens;

  TributaryIngestRun(Settings settings, int workers, Duration timeout, EmbeddedTokens tokens) {
    this.settings = settings;
    this.workers = workers;
    this.timeout = timeout;
    this.tokens = tokens;
  }

  IngestMeasurement run(BenchCorpus corpus) throws Exception {
    try (IngestRoles roles = IngestRoles.start(settings, workers)) {
      DocumentFileLoader loader = new DocumentFileLoader(settings.tenant(), Clock.systemUTC());
      try (Database database = new Database(settings.databaseUrl(), 1);
          DocumentSubmitter submitter = DocumentSubmitter.connect(settings.kafkaClients(), "tributary-bench")) {
        SearchableWait wait = new SearchableWait(database.jdbi(), Duration.ofMillis(100));
        // One small document first: start-up, rebalance and JIT are not part of the timed run.
        SubmittedDocument warmUp = loader.fromText("bench:warm-up", "warm-up.md", "text/markdown",
            "# Warm up\n\nA first document, so that the timed run starts on a running pipeline.");
        submitter.submit(warmUp, Map.of()).get();
        Set<String> cold = wait.await(Map.of(warmUp.id(), ContentHash.of(warmUp)), timeout);
        if (!cold.isEmpty()) {
          throw new IllegalStateException("the pipeline did not make a warm-up document searchable in " + timeout);
        }
        long started = System.nanoTime();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        BulkIngest.Report report = new BulkIngest(loader, submitter).run(
            corpus.files().stream().map(Path::toString).toList(),
            total -> new IngestProgress(quiet, false, System::nanoTime, total));
        AtomicReference<IndexingProgress> last = new AtomicReference<>();
        Set<String> missing = wait.await(report.submitted(), timeout, last::set);
        double seconds = (System.nanoTime() - started) / 1e9;
        long chunks = last.get() == null ? 0 : last.get().chunks();
        long embedded = tokens.of(database.dataSource(), "rag.chunks", "text");
        return new IngestMeasurement("tributary", report.submitted().size(), corpus.words(), chunks, embedded, seconds,
            missing.isEmpty() && report.failures().isEmpty(),
            "ingest --wait path; " + workers + " embedding workers; failed files " + report.failures().size()
                + ", not searchable " + missing.size());
      }
    }
  }
}
