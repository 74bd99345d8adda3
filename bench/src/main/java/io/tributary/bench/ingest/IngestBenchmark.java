package io.tributary.bench.ingest;

import io.tributary.bench.BenchHome;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.chunking.Chunk;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.streams.chunking.ChunkingStrategy;
import io.tributary.streams.chunking.TextFormat;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.pipeline.DocumentPipelineRunner;
import io.tributary.streams.pipeline.PipelineComponents;
import io.tributary.streams.pipeline.PipelineSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code tributary bench ingest}: the raw embedding rate of the model on a generated corpus, then
 * a second corpus of the same shape through the whole pipeline on an embedded broker (produce →
 * DocumentPipeline with exactly-once → read_committed consumer), then the raw rate again on a
 * third corpus, in the same JVM and run. The raw baseline is the mean of the two raw runs, which
 * bracket the pipeline run so that a shared machine's changing load hits both sides alike.
 */
public final class IngestBenchmark {

  /** What was measured. */
  public record Result(long rawChunks, double rawChunksPerSecond, long pipelineChunks, double pipelineChunksPerSecond) {
    public double ratio() {
      return pipelineChunksPerSecond / rawChunksPerSecond;
    }
  }

  private final int documents;
  private final int workers;
  private final PrintStream out;

  public IngestBenchmark(int documents, int workers, PrintStream out) {
    this.documents = documents;
    this.workers = workers;
    this.out = out;
  }

  public Result run() throws Exception {
    Path home = BenchHome.create("ingest-generated");
    try (OnnxEmbedder model = new OnnxEmbedder(workers); EmbeddedKafka kafka = new EmbeddedKafka(home.resolve("kafka"))) {
      ChunkingPolicy chunking = ChunkingPolicy.fillingWindow(model);
      warmUp(model, chunking);
      Measured before = raw(model, chunking, SyntheticCorpus.generate(1, documents, 3, 2));
      Measured pipeline = throughPipeline(kafka, home, model, SyntheticCorpus.generate(2, documents, 3, 2));
      Measured after = raw(model, chunking, SyntheticCorpus.generate(3, documents, 3, 2));
      double rawRate = (before.rate() + after.rate()) / 2;
      out.printf("raw model (mean of both raw runs): %.1f chunks/s%n", rawRate);
      return new Result(before.chunks() + after.chunks(), rawRate, pipeline.chunks(), pipeline.rate());
    } finally {
      BenchHome.delete(home);
    }
  }

  /** Chunks and chunks per second of one run. */
  private record Measured(long chunks, double rate) {}

  private Measured raw(OnnxEmbedder model, ChunkingPolicy chunking, List<SubmittedDocument> corpus) {
    long start = System.nanoTime();
    long chunks = embedDirectly(model, chunking, corpus);
    double elapsed = seconds(start);
    out.printf("raw model:  %d chunks in %.1f s = %.1f chunks/s (chunked and embedded in process, one batch per document)%n",
        chunks, elapsed, chunks / elapsed);
    return new Measured(chunks, chunks / elapsed);
  }

  private static void warmUp(OnnxEmbedder model, ChunkingPolicy chunking) {
    embedDirectly(model, chunking, SyntheticCorpus.generate(0, 10, 2, 2));
  }

  /** One batch per document, as the pipeline embeds. */
  private static long embedDirectly(OnnxEmbedder model, ChunkingPolicy chunking, List<SubmittedDocument> corpus) {
    long chunks = 0;
    for (SubmittedDocument document : corpus) {
      List<String> texts = chunking.chunk(document.text(), TextFormat.MARKDOWN, ChunkingStrategy.MARKDOWN).stream()
          .map(Chunk::text).toList();
      chunks += model.embed(texts).size();
    }
    return chunks;
  }

  private Measured throughPipeline(EmbeddedKafka kafka, Path home, OnnxEmbedder model, List<SubmittedDocument> corpus)
      throws Exception {
    KafkaClients clients = KafkaClients.plaintext(kafka.bootstrapServers());
    try (Admin admin = clients.admin("tributary-bench-topics")) {
      new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(30)).ensure(Topics.all());
    }
    PipelineSettings settings = PipelineSettings.defaults(clients, home.resolve("state"))
        .withApplicationId("bench-" + UUID.randomUUID())
        .withEmbedWorkers(workers);
    try (DocumentPipelineRunner runner =
            new DocumentPipelineRunner(settings, PipelineComponents.forEmbedder(model, Clock.systemUTC()));
        KafkaConsumer<String, EmbeddedDocument> consumer = consumer(clients)) {
      runner.start();
      waitUntilRunning(runner);
      consumer.poll(Duration.ofMillis(100));
      long start = System.nanoTime();
      produce(clients, corpus);
      long chunks = 0;
      int received = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      while (received < corpus.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, EmbeddedDocument> record : consumer.poll(Duration.ofMillis(200))) {
          received++;
          chunks += record.value().chunks().size();
        }
      }
      double elapsed = seconds(start);
      out.printf("pipeline:   %d chunks in %.1f s = %.1f chunks/s (%d documents, end to end, read_committed)%n",
          chunks, elapsed, chunks / elapsed, received);
      out.printf("embedding cache hit rate in the pipeline: %.2f%n", runner.cacheStatistics().hitRate());
      return new Measured(chunks, chunks / elapsed);
    }
  }

  private static void waitUntilRunning(DocumentPipelineRunner runner) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (runner.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static void produce(KafkaClients kafka, List<SubmittedDocument> corpus) throws Exception {
    Map<String, Object> config = Map.of(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<String, SubmittedDocument> producer = kafka.producer(
        config, Topics.DOCS_SUBMITTED.keySerde().serializer(), Topics.DOCS_SUBMITTED.valueSerde().serializer())) {
      for (SubmittedDocument document : corpus) {
        producer.send(new ProducerRecord<>(Topics.DOCS_SUBMITTED.name(), document.id(), document));
      }
      producer.flush();
    }
  }

  private static KafkaConsumer<String, EmbeddedDocument> consumer(KafkaClients kafka) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.DOCS_EMBEDDED.maxMessageBytes());
    KafkaConsumer<String, EmbeddedDocument> consumer = kafka.consumer(
        config, Topics.DOCS_EMBEDDED.keySerde().deserializer(), Topics.DOCS_EMBEDDED.valueSerde().deserializer());
    consumer.subscribe(List.of(Topics.DOCS_EMBEDDED.name()));
    return consumer;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
