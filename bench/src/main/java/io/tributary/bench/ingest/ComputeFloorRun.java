package io.tributary.bench.ingest;

import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.streams.embedding.MiniLmEmbedder;
import io.tributary.streams.pipeline.DocumentEmbedding;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Tributary's own parse, chunk and embed of the corpus in one loop, with the pipeline's chunking and
 * model settings but no broker, no exactly-once and no database: the compute the pipeline cannot
 * avoid. The platform's time over this one is what the streaming path costs; the peer's time over
 * this one bounds the ratio any platform overhead could reach with these chunks on this machine.
 */
final class ComputeFloorRun {

  private final int workers;
  private final int windowTokens;

  ComputeFloorRun(int workers, int windowTokens) {
    this.workers = workers;
    this.windowTokens = windowTokens;
  }

  IngestMeasurement run(BenchCorpus corpus) throws Exception {
    Clock clock = Clock.systemUTC();
    DocumentFileLoader loader = new DocumentFileLoader("bench", clock);
    try (MiniLmEmbedder embedder = new MiniLmEmbedder(workers, windowTokens)) {
      DocumentEmbedding embedding = new DocumentEmbedding(embedder, ChunkingPolicy.fillingWindow(embedder), clock);
      // Model load and JIT are not part of the measured run, as for the other two sides.
      embedding.embed(loader.fromText("bench:warm-up", "warm-up.md", "text/markdown",
          "# Warm up\n\nA first document, so that the timed run starts on a loaded model."));
      long started = System.nanoTime();
      long chunks = 0;
      int documents = 0;
      for (Path file : corpus.files()) {
        SubmittedDocument document = loader.load(corpus.root(), file);
        chunks += embedding.embed(document).chunks().size();
        documents++;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new IngestMeasurement("floor", documents, corpus.words(), chunks, seconds, true,
          "parse, chunk and embed in one loop, no broker or database; " + workers + " embedding workers");
    }
  }
}
