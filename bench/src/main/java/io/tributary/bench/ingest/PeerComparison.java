package io.tributary.bench.ingest;

import io.tributary.bench.BenchHome;
import io.tributary.embedded.EmbeddedServices;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.projections.db.Database;
import io.tributary.streams.embedding.LocalModel;
import io.tributary.streams.embedding.OnnxEmbedder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tributary bench ingest --peer}: one corpus through Tributary and through the LangChain4j
 * peer, one after the other in the same run, on the same Postgres (embedded unless
 * {@code DATABASE_URL} is set) and the same machine; prints both rates and their ratio. A third
 * run, Tributary's compute alone ({@link ComputeFloorRun}), shows where the time goes.
 */
final class PeerComparison {

  /** What was measured, and whether both sides ingested everything. */
  record Result(IngestMeasurement tributary, IngestMeasurement peer, IngestMeasurement floor) {
    double ratio() {
      return tributary.wordsPerSecond() / peer.wordsPerSecond();
    }

    boolean complete() {
      return tributary.complete() && peer.complete();
    }
  }

  private final BenchCorpus corpus;
  private final int workers;
  private final Duration timeout;
  private final PrintWriter out;

  PeerComparison(BenchCorpus corpus, int workers, Duration timeout, PrintWriter out) {
    this.corpus = corpus;
    this.workers = workers;
    this.timeout = timeout;
    this.out = out;
  }

  Result run() throws Exception {
    Path home = BenchHome.create("ingest");
    Map<String, String> env = new HashMap<>(System.getenv());
    // Ingest needs no Redis: an external-looking value keeps EmbeddedServices from starting one.
    env.put(EmbeddedServices.REDIS_ENV, "redis://unused");
    try (EmbeddedServices services = EmbeddedServices.start(home, env);
        OnnxEmbedder tokenizer = new OnnxEmbedder(1, LocalModel.MINILM.maxWindowTokens())) {
      EmbeddedTokens tokens = new EmbeddedTokens(tokenizer);
      Settings settings = SettingsLoader.load(env).with(Map.of(
          EmbeddedServices.KAFKA_ENV, services.kafkaBootstrapServers(),
          EmbeddedServices.DATABASE_ENV, services.databaseUrl(),
          // Fresh local state: state left by an earlier run against another broker would be stale.
          "TRIBUTARY_STATE_DIR", home.resolve("streams-state").toString()));
      out.printf(Locale.ROOT, "tributary bench ingest --peer: %s, %d cores, corpus %s: %d files, %,d words; "
              + "Postgres %s, Kafka %s%n", Instant.now(), Runtime.getRuntime().availableProcessors(), corpus.root(),
          corpus.files().size(), corpus.words(),
          services.embeddedPostgres().isPresent() ? "embedded" : "from DATABASE_URL",
          services.embeddedKafka().isPresent() ? "embedded" : "from KAFKA_BOOTSTRAP_SERVERS");
      out.flush();
      IngestMeasurement tributary = new TributaryIngestRun(settings, workers, timeout, tokens).run(corpus);
      out.println(tributary.describe());
      out.flush();
      IngestMeasurement peer;
      try (Database database = new Database(services.databaseUrl(), 2)) {
        peer = new PeerIngestRun(database.dataSource(), tokens).run(corpus);
      }
      out.println(peer.describe());
      out.flush();
      IngestMeasurement floor = new ComputeFloorRun(workers, settings.embedWindowTokens()).run(corpus);
      out.println(floor.describe());
      Result result = new Result(tributary, peer, floor);
      out.printf(Locale.ROOT, "ratio tributary / langchain4j words/s = %.2f (target >= 1.50); chunks/s %.2f%n",
          result.ratio(), tributary.chunksPerSecond() / peer.chunksPerSecond());
      // Where the time goes: the streaming path's share, and the ratio the same chunks allow at best.
      out.printf(Locale.ROOT, "tributary / floor time = %.2f (cost of broker, exactly-once and projection over the "
          + "compute); bound on the ratio with these chunks, langchain4j / floor time = %.2f%n",
          tributary.seconds() / floor.seconds(), peer.seconds() / floor.seconds());
      out.flush();
      return result;
    } finally {
      BenchHome.delete(home);
    }
  }
}
