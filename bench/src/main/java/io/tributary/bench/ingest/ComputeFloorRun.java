package io.tributary.bench.ingest;

import io.tributary.embedding.Embedder;
import io.tributary.embedding.TokenCounter;
import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.pipeline.DocumentEmbedding;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The compute floor of Tributary's ingest: the corpus parsed and chunked exactly as the pipeline
 * does, then every chunk embedded with the pipeline's model settings in batches of {@value #BATCH}
 * across documents, sorted by length so that little is padding. No broker, no exactly-once, no
 * database. The pipeline's time over this one is what the streaming path costs; the peer's time over
 * this one bounds the ratio any platform overhead could reach with these chunks on this machine.
 */
final class ComputeFloorRun {

  static final int BATCH = 64;

  private final int workers;
  private final int windowTokens;

  ComputeFloorRun(int workers, int windowTokens) {
    this.workers = workers;
    this.windowTokens = windowTokens;
  }

  IngestMeasurement run(BenchCorpus corpus) throws Exception {
    Clock clock = Clock.systemUTC();
    DocumentFileLoader loader = new DocumentFileLoader("bench", clock);
    try (OnnxEmbedder model = new OnnxEmbedder(workers, windowTokens)) {
      model.embed(List.of("warm up"));
      ChunkTexts chunkTexts = new ChunkTexts(model);
      DocumentEmbedding chunking = new DocumentEmbedding(chunkTexts, ChunkingPolicy.fillingWindow(model), clock);
      long started = System.nanoTime();
      for (Path file : corpus.files()) {
        chunking.embed(loader.load(corpus.root(), file));
      }
      long chunked = System.nanoTime();
      List<String> texts = new ArrayList<>(chunkTexts.texts);
      texts.sort(Comparator.comparingInt(String::length));
      for (int from = 0; from < texts.size(); from += BATCH) {
        model.embed(texts.subList(from, Math.min(texts.size(), from + BATCH)));
      }
      long embedded = System.nanoTime();
      double seconds = (embedded - started) / 1e9;
      return new IngestMeasurement("floor", corpus.files().size(), corpus.words(), texts.size(),
          0, seconds, true, String.format(Locale.ROOT,
              "parse and chunk %.1f s, embed %.1f s in batches of %d across documents; no broker or database; %d "
                  + "embedding workers", (chunked - started) / 1e9, (embedded - chunked) / 1e9, BATCH, workers));
    }
  }

  /** Takes the chunk texts the pipeline would embed and answers with zero vectors: chunking alone. */
  private static final class ChunkTexts implements Embedder {

    private final OnnxEmbedder model;
    private final List<String> texts = new ArrayList<>();

    ChunkTexts(OnnxEmbedder model) {
      this.model = model;
    }

    @Override
    public String modelId() {
      return model.modelId();
    }

    @Override
    public int dimensions() {
      return model.dimensions();
    }

    @Override
    public List<float[]> embed(List<String> batch) {
      texts.addAll(batch);
      List<float[]> vectors = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        float[] unit = new float[model.dimensions()];
        unit[0] = 1f;
        vectors.add(unit);
      }
      return vectors;
    }

    @Override
    public Optional<TokenCounter> tokenCounter() {
      return Optional.of(model);
    }
  }
}
