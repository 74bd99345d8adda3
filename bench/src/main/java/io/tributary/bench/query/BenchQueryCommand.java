package io.tributary.bench.query;

import io.tributary.bench.BenchHome;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.EmbeddedServices;
import io.tributary.embedded.PostgresOptions;
import io.tributary.bench.query.QueryBench;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.streams.embedding.OnnxEmbedder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary bench query}: loads chunks into its own embedded Postgres and measures the
 * search API against direct SQL plus query embedding, and HNSW recall against exact search.
 */
@Command(name = "query", description = "Benchmark /api/v1/search against direct SQL on 10k and 100k chunks.")
public final class BenchQueryCommand implements Callable<Integer> {

  @Option(names = "--sizes", split = ",", defaultValue = "10000,100000", description = "Chunk counts to load.")
  List<Integer> sizes;

  @Option(names = "--queries", defaultValue = "200", description = "Distinct queries measured per size.")
  int queries;

  @Option(names = "--warmup", defaultValue = "300",
      description = "Searches run before measuring, on every path (the JIT and the caches settle).")
  int warmup;

  @Option(names = "--real-embeddings", defaultValue = "10000",
      description = "Chunks embedded by MiniLM; beyond that, vectors are mixes of real ones.")
  int realEmbeddings;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Path home = BenchHome.create("query");
    // Always its own services: a benchmark must never load 100k rows into a configured database.
    try (EmbeddedServices services = EmbeddedServices.start(home, Map.of(), PostgresOptions.defaults().forTests());
         OnnxEmbedder embedder = new OnnxEmbedder()) {
      EmbeddedPostgres postgres = services.embeddedPostgres().orElseThrow();
      Settings settings = SettingsLoader.load(Map.of(
          "KAFKA_BOOTSTRAP_SERVERS", services.kafkaBootstrapServers(),
          "REDIS_URL", services.redisUri(),
          "DATABASE_URL", services.databaseUrl(),
          "TRIBUTARY_API_HOST", "127.0.0.1",
          "TRIBUTARY_API_PORT", "0",
          "TRIBUTARY_TENANT", "bench",
          // Its own loopback-only API: no issuer to call, and no rate limit cutting the run short.
          "TRIBUTARY_AUTH", "none",
          "TRIBUTARY_RATE_LIMIT_PER_CLIENT", "0",
          "TRIBUTARY_RATE_LIMIT_PER_SUBJECT", "0"));
      out.printf("tributary bench query: %d cores, %d queries per size, top_k %d, model %s%n",
          Runtime.getRuntime().availableProcessors(), queries, 10, embedder.modelId());
      QueryBench bench = new QueryBench(settings, postgres::createDatabase, embedder, out);
      List<float[]> realPool = new ArrayList<>();
      List<QueryBench.Row> rows = new ArrayList<>();
      for (int size : sizes) {
        out.printf("%n%,d chunks:%n", size);
        rows.add(bench.run(size, realEmbeddings, queries, warmup, realPool));
        print(out, rows.getLast());
      }
      out.println();
      out.println("chunks   real-emb  embed p50  SQL p50  direct p50  direct p99  API-uncached p50  p99   req/s"
          + "   API-cached p50   p99   req/s  (8 clients)  ratio  (tight)  recall@10");
      for (QueryBench.Row row : rows) {
        out.printf("%7d  %8d  %9.2f  %7.2f  %10.2f  %10.2f  %16.2f %6.2f %7.1f  %14.2f %6.2f %7.1f %11.1f"
                + "  %5.2f  %7.2f  %9.3f%n",
            row.chunks(), row.realEmbeddings(), row.embed().p50Ms(), row.directSql().p50Ms(), row.direct().p50Ms(),
            row.direct().p99Ms(), row.apiUncached().p50Ms(), row.apiUncached().p99Ms(), row.apiUncached().perSecond(),
            row.apiCached().p50Ms(), row.apiCached().p99Ms(), row.apiCached().perSecond(),
            row.cachedConcurrentPerSecond(), row.uncachedRatio(), row.uncachedRatioToTightLoops(), row.recallAt10());
      }
      out.println("targets: ratio = uncached p50 / direct p50 <= 1.30 (direct = embed then SQL per query; (tight) ="
          + " uncached p50 / (embed p50 + SQL p50) of separate tight loops, for comparison); cached p99 <= 5 ms;"
          + " recall@10 >= 0.95 (times in ms)");
      return 0;
    } finally {
      BenchHome.delete(home);
    }
  }

  private static void print(PrintStream out, QueryBench.Row row) {
    out.printf("  query embedding alone  %s%n", row.embed().format());
    out.printf("  SQL alone (JDBC)       %s%n", row.directSql().format());
    out.printf("  direct: embed + SQL    %s%n", row.direct().format());
    out.printf("  API uncached           %s   ratio to direct p50: %.2f (target <= 1.30: %s);"
            + " to embed p50 + SQL p50 of the tight loops: %.2f%n",
        row.apiUncached().format(), row.uncachedRatio(), row.uncachedRatio() <= 1.3 ? "met" : "MISSED",
        row.uncachedRatioToTightLoops());
    out.printf("  API cached             %s   p99 target <= 5 ms: %s%n", row.apiCached().format(),
        row.apiCached().p99Ms() <= 5 ? "met" : "MISSED");
    out.printf("  API cached, %d clients  %.1f req/s%n", QueryBench.CONCURRENT_CLIENTS, row.cachedConcurrentPerSecond());
    out.printf("  recall@10 HNSW vs exact over %d queries: %.3f (target >= 0.95)%n", QueryBench.RECALL_QUERIES,
        row.recallAt10());
    out.printf("  answers not from the expected cache state (a cache call over the Redis time limit is a miss): %d%n",
        row.unexpectedCacheAnswers());
  }
}
