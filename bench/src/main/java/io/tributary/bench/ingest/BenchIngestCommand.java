package io.tributary.bench.ingest;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench ingest}: without {@code --peer}, a generated corpus through the pipeline
 * against the raw model rate; with {@code --peer}, a real corpus through Tributary (until
 * searchable) and through LangChain4j's stock ingestor into pgvector, in one run.
 */
@Command(name = "ingest", description = "Generated corpus through the pipeline vs the raw model rate; with --peer, "
    + "a real corpus through Tributary (until searchable) vs LangChain4j EmbeddingStoreIngestor + PgVectorEmbeddingStore.")
public final class BenchIngestCommand implements Callable<Integer> {

  /** The corpus a Debian documentation package ships (postgresql-doc-15: about 1.1M words of HTML). */
  static final String DEFAULT_CORPUS = "/usr/share/doc/postgresql-doc-15/html";

  // Long enough that the last exactly-once commit and the start-up are a small part of the run.
  @Option(names = "--documents", defaultValue = "400", description = "Generated documents per corpus, without --peer (default ${DEFAULT-VALUE}).")
  int documents;

  @Option(names = "--workers", defaultValue = "0", description = "Embedding workers (0 = cores).")
  int workers;

  @Option(names = "--peer", description = "Compare with LangChain4j's EmbeddingStoreIngestor + PgVectorEmbeddingStore on a real corpus.")
  boolean peer;

  @Option(names = "--corpus", defaultValue = DEFAULT_CORPUS,
      description = "Folder of .html/.md/.txt files for --peer (default ${DEFAULT-VALUE}, from the postgresql-doc-15 package).")
  Path corpus;

  @Option(names = "--files", defaultValue = "0",
      description = "Use every n-th file so that about this many files are ingested (0 = all).")
  int files;

  @Option(names = "--timeout", defaultValue = "PT60M", description = "Give up waiting for searchable after this long.")
  Duration timeout;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int threads = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    PrintWriter out = spec.commandLine().getOut();
    if (!peer) {
      IngestBenchmark.Result result = new IngestBenchmark(documents, threads, System.out).run();
      out.printf(Locale.ROOT, "ratio pipeline / raw = %.2f (target >= 0.80)%n", result.ratio());
      out.flush();
      return 0;
    }
    PeerComparison.Result result = new PeerComparison(BenchCorpus.load(corpus, files), threads, timeout, out).run();
    return result.complete() ? 0 : 1;
  }
}
