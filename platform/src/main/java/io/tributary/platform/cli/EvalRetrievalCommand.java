package io.tributary.platform.cli;

import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.eval.ApiRetriever;
import io.tributary.platform.eval.CorpusDocument;
import io.tributary.platform.eval.EvalQuestion;
import io.tributary.platform.eval.EvalSets;
import io.tributary.platform.eval.InProcessIndex;
import io.tributary.platform.eval.ScratchDatabase;
import io.tributary.platform.eval.RetrievalPeer;
import io.tributary.platform.eval.RetrievalRun;
import io.tributary.platform.eval.Retriever;
import io.tributary.platform.eval.TuningSweep;
import io.tributary.projections.rag.SearchMode;
import io.tributary.projections.rag.SearchTuning;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.pipeline.DocumentEmbedding;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary eval retrieval}: hit@1/5/10, MRR@10, nDCG@10 and p50 latency of every search
 * mode on a set of questions, in process (the corpus loaded into a temporary Postgres) or against a
 * running API, beside any peer found on the class path.
 */
@Command(name = "retrieval", description = "Score search on JSON lines {\"question\",\"document\"}: hit@1/5/10,"
    + " MRR@10, nDCG@10 and p50 latency per mode, beside any peer on the class path.")
public final class EvalRetrievalCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", defaultValue = EvalSets.SAMPLE,
      description = "Questions, one JSON object a line (default: the shipped sample, ${DEFAULT-VALUE}).")
  String questions;

  @Option(names = "--corpus", paramLabel = "DIR",
      description = "Documents the questions are about (default: corpus/ beside FILE, or the shipped sample).")
  Path corpus;

  @Option(names = "--api", paramLabel = "URL",
      description = "Ask this running API instead of loading the corpus in process (ingest the corpus there first).")
  URI api;

  @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token for --api (role tributary.read).")
  String token;

  @Option(names = "--chunk-tokens", paramLabel = "N", defaultValue = "-1",
      description = "In process: largest chunk in model tokens, the model's window (default TRIBUTARY_EMBED_WINDOW_TOKENS).")
  int chunkTokens;

  @Option(names = "--chunk-overlap", paramLabel = "N", defaultValue = "-1",
      description = "In process: overlap in tokens (default an eighth of --chunk-tokens).")
  int chunkOverlap;

  @Option(names = "--no-peers", description = "Skip the peers found on the class path.")
  boolean noPeers;

  @Mixin LocalModelOption model = new LocalModelOption();

  @Option(names = "--sweep", description = "In process: also score hybrid and keyword ranking variants.")
  boolean sweep;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<EvalQuestion> set = EvalSets.questions(questions);
    List<CorpusDocument> documents = EvalSets.corpus(questions, corpus);
    if (chunkTokens < 0) {
      chunkTokens = SettingsLoader.fromEnvironment().embedWindowTokens();
    }
    int overlap = chunkOverlap < 0 ? chunkTokens / 8 : chunkOverlap;
    out.printf(Locale.ROOT, "eval retrieval %s: %s, %d questions, %d documents%n", LocalDate.now(ZoneOffset.UTC),
        questions, set.size(), documents.size());
    RetrievalRun run = new RetrievalRun(set, out);
    if (api != null) {
      out.printf("tributary: the API at %s%n", api);
      run.header();
      HttpClient http = HttpClient.newHttpClient();
      for (SearchMode mode : SearchMode.values()) {
        run.measure(new ApiRetriever(http, api, token, mode.wireName()));
      }
    } else {
      try (ScratchDatabase scratch = ScratchDatabase.start();
           OnnxEmbedder embedder = new OnnxEmbedder(model.model(), Runtime.getRuntime().availableProcessors(),
               chunkTokens);
           InProcessIndex index = InProcessIndex.load(documents, embedder,
               new DocumentEmbedding(embedder, new ChunkingPolicy(embedder, chunkTokens, overlap), Clock.systemUTC()),
               scratch)) {
        out.printf(Locale.ROOT, "tributary: in process, %d chunks of <= %d tokens with %d overlap, model %s%n",
            index.chunks(), chunkTokens, overlap, embedder.modelId());
        run.header();
        for (SearchMode mode : SearchMode.values()) {
          run.measure(index.retriever("tributary " + mode.wireName(), mode, SearchTuning.DEFAULTS));
        }
        if (sweep) {
          TuningSweep.run(index, run, out);
        }
      }
    }
    if (!noPeers && model.peersComparable()) {
      for (RetrievalPeer peer : ServiceLoader.load(RetrievalPeer.class)) {
        try (RetrievalPeer.Index index = peer.index(documents)) {
          for (Retriever retriever : index.retrievers()) {
            run.measure(retriever);
          }
        }
      }
    }
    out.flush();
    return 0;
  }
}
