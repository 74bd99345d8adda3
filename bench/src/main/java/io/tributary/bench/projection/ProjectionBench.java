package io.tributary.bench.projection;

import static java.util.Objects.requireNonNull;

import com.pgvector.PGvector;
import io.tributary.projections.projector.BatchTransaction;
import io.tributary.projections.projector.OffsetStore;
import io.tributary.projections.rag.ChunkCopy;
import io.tributary.projections.rag.RagGenerationSchema;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.rag.RagTarget;
import io.tributary.projections.replay.BatchPipeline;
import io.tributary.projections.replay.IndexBuild;
import io.tributary.projections.replay.ReplayLimits;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.postgresql.PGConnection;

/**
 * {@code tributary bench project}: the live and replay write paths of the rag projection next to
 * raw COPY and raw batched INSERT of the same rows, on the same Postgres, in the same run. Works
 * in scratch schemas {@code rag_g<N>} with numbers far above real generations, dropped afterwards.
 */
public final class ProjectionBench {

  /** Scratch generation numbers: far above any real one. */
  private static final int LIVE_SCRATCH = 900_001;
  private static final int REPLAY_SCRATCH = 900_002;
  private static final int RAW_SCRATCH = 900_003;
  private static final int LIVE_BATCH = 100;
  private static final int REPLAY_BATCH = 2000;
  private static final int CHUNKS_PER_DOCUMENT = 4;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Jdbi jdbi;
  private final KafkaClients kafka;

  public ProjectionBench(Jdbi jdbi, KafkaClients kafka) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.kafka = requireNonNull(kafka, "kafka");
  }

  /** Runs every path over {@code documents} documents of four chunks each. */
  public ProjectionBenchReport run(int documents) {
    long runId = System.currentTimeMillis();
    Topic<String, EmbeddedDocument> topic = new Topic<>(Topics.DOCS_EMBEDDED.name() + ".bench-" + runId, 1, false,
        Topics.DOCS_EMBEDDED.maxMessageBytes(), Topics.DOCS_EMBEDDED.keySerde(), Topics.DOCS_EMBEDDED.valueSerde());
    List<EmbeddedDocument> corpus = corpus(documents);
    long rows = (long) documents * CHUNKS_PER_DOCUMENT;
    RagGenerations generations = new RagGenerations();
    try (Admin admin = kafka.admin("tributary-projection-bench")) {
      await(admin.createTopics(List.of(new NewTopic(topic.name(), 1, (short) -1).configs(topic.configs()))).all());
      try {
        produce(topic, corpus);
        dropScratch(generations);
        jdbi.useTransaction(h -> {
          generations.create(h, LIVE_SCRATCH, liveGeneration(h));
          generations.buildIndexes(h, LIVE_SCRATCH, liveGeneration(h));
          generations.create(h, REPLAY_SCRATCH, liveGeneration(h));
          generations.create(h, RAW_SCRATCH, liveGeneration(h));
          generations.buildIndexes(h, RAW_SCRATCH, liveGeneration(h));
        });
        double liveRate = rowsPerSecond(rows, () -> project(topic, LIVE_SCRATCH, LIVE_BATCH, "bench-live-" + runId, false));
        // The replay's own path: large transactions into tables without secondary indexes, then the
        // index build exactly as Replay does it (two connections, memory for the HNSW graph).
        long loadStarted = System.nanoTime();
        project(topic, REPLAY_SCRATCH, REPLAY_BATCH, "bench-replay-" + runId, true);
        long loaded = System.nanoTime();
        int live = jdbi.withHandle(ProjectionBench::liveGeneration);
        new IndexBuild(generations, jdbi, ReplayLimits.smallMachine()).build(REPLAY_SCRATCH, live);
        long indexed = System.nanoTime();
        List<ChunkRow> chunkRows = chunkRows(corpus);
        double insert = rowsPerSecond(rows, () -> batchedInsert(chunkRows));
        List<String> chunkIndexes = jdbi.withHandle(h -> chunkIndexStatements(h, generations, live));
        RawLoad raw = copy(chunkRows, chunkIndexes);
        return new ProjectionBenchReport(rows, liveRate, Duration.ofNanos(loaded - loadStarted),
            Duration.ofNanos(indexed - loaded), rows / (raw.copy().toNanos() / 1e9), insert, raw.indexBuild());
      } finally {
        dropScratch(generations);
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM ops.projection_offsets WHERE projection LIKE 'bench-%'")
            .execute());
        await(admin.deleteTopics(List.of(topic.name())).all());
      }
    }
  }

  private void project(Topic<String, EmbeddedDocument> topic, int scratch, int batch, String name,
      boolean pipelined) {
    RagProjection projection = new RagProjection(name, new RagTarget.Fixed(new RagGenerationSchema(scratch)));
    BatchTransaction<String, EmbeddedDocument> transactions =
        new BatchTransaction<>(new BenchProjection(projection, topic), jdbi, new OffsetStore());
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(batch));
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
    KafkaConsumer<byte[], byte[]> consumer =
        kafka.consumer(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      TopicPartition partition = new TopicPartition(topic.name(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      if (pipelined) {
        // As Replay loads: the next batch is polled and decoded while the previous one commits.
        try (BatchPipeline<String, EmbeddedDocument> pipeline = new BatchPipeline<>(transactions)) {
          while (consumer.position(partition) < end) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
            if (!records.isEmpty()) {
              pipeline.submit(records);
            }
          }
          pipeline.await();
        }
      } else {
        while (consumer.position(partition) < end) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
          if (!records.isEmpty()) {
            transactions.commitQuietly(records);
          }
        }
      }
    } finally {
      // Not waiting: the last poll left a fetch the broker holds for fetch.max.wait.ms, for records
      // that will not come (a replay keeps its consumer open into the index build).
      consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
  }

  private void batchedInsert(List<ChunkRow> rows) {
    String table = new RagGenerationSchema(RAW_SCRATCH).chunks();
    String documents = new RagGenerationSchema(RAW_SCRATCH).documents();
    for (int from = 0; from < rows.size(); from += LIVE_BATCH) {
      List<ChunkRow> slice = rows.subList(from, Math.min(rows.size(), from + LIVE_BATCH));
      jdbi.useTransaction(h -> {
        insertParents(h, documents, slice);
        PreparedBatch batch = h.prepareBatch("INSERT INTO " + table
            + " (document_id, chunk_index, tenant, text, heading_path, char_start, char_end, embedding)"
            + " VALUES (:d, :i, :t, :x, :h, :s, :e, :v)");
        for (ChunkRow row : slice) {
          batch.bind("d", row.documentId()).bind("i", row.index()).bind("t", row.tenant()).bind("x", row.text())
              .bindArray("h", String.class, List.of()).bind("s", 0).bind("e", row.text().length())
              .bind("v", new PGvector(row.vector())).add();
        }
        batch.execute();
      });
    }
  }

  private static void insertParents(Handle h, String documents, List<ChunkRow> slice) {
    PreparedBatch parents = h.prepareBatch("INSERT INTO " + documents + " (document_id, tenant, version,"
        + " content_hash, title, source, content_type, model, dimensions, chunk_count)"
        + " VALUES (:d, :t, 1, 'h', 't', 's', 'text/plain', 'm', 384, " + CHUNKS_PER_DOCUMENT + ")"
        + " ON CONFLICT DO NOTHING");
    slice.stream().filter(r -> r.index() == 0).forEach(r -> parents.bind("d", r.documentId()).bind("t", r.tenant()).add());
    if (slice.stream().anyMatch(r -> r.index() == 0)) {
      parents.execute();
    }
  }

  /**
   * The best raw load Postgres offers: one binary COPY (the replay's own encoder) into an unindexed
   * table; then, untimed by the caller, the chunk table's indexes built on it with plain
   * {@code CREATE INDEX} one after the other (same memory as the replay's build).
   */
  private RawLoad copy(List<ChunkRow> rows, List<String> indexes) {
    long started = System.nanoTime();
    jdbi.useHandle(h -> {
      h.execute("CREATE TABLE bench_copy_scratch (LIKE " + new RagGenerationSchema(RAW_SCRATCH).chunks()
          + " INCLUDING DEFAULTS INCLUDING GENERATED)");
      try {
        ChunkCopy data = new ChunkCopy();
        for (ChunkRow row : rows) {
          data.add(row.documentId(), row.index(), row.tenant(), row.text(), List.of(), 0, row.text().length(),
              row.vector());
        }
        PGConnection pg = h.getConnection().unwrap(PGConnection.class);
        pg.getCopyAPI().copyIn(ChunkCopy.statement("bench_copy_scratch"), new ByteArrayInputStream(data.finish()));
      } catch (java.sql.SQLException | IOException e) {
        h.execute("DROP TABLE IF EXISTS bench_copy_scratch");
        throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
      }
    });
    long copied = System.nanoTime();
    try {
      for (String index : indexes) {
        jdbi.useTransaction(h -> {
          h.execute("SET LOCAL maintenance_work_mem = '512MB'");
          h.execute(index);
        });
      }
      return new RawLoad(Duration.ofNanos(copied - started), Duration.ofNanos(System.nanoTime() - copied));
    } finally {
      jdbi.useHandle(h -> h.execute("DROP TABLE IF EXISTS bench_copy_scratch"));
    }
  }

  /** The raw baseline's COPY and its plain index build. */
  private record RawLoad(Duration copy, Duration indexBuild) {}

  /** The live chunk table's secondary indexes, re-pointed at the raw scratch table under fresh names. */
  private static List<String> chunkIndexStatements(org.jdbi.v3.core.Handle handle, RagGenerations generations,
      int live) {
    String target = new RagGenerationSchema(RAW_SCRATCH).chunks();
    List<String> statements = new java.util.ArrayList<>();
    int n = 0;
    for (String statement : generations.indexStatements(handle, RAW_SCRATCH, live)) {
      if (statement.contains(" ON " + target + " ")) {
        statements.add(statement.replace(" ON " + target + " ", " ON bench_copy_scratch ")
            .replaceFirst("INDEX IF NOT EXISTS \\S+ ", "INDEX bench_raw_index_" + n++ + " "));
      }
    }
    return statements;
  }

  private void dropScratch(RagGenerations generations) {
    jdbi.useTransaction(h -> {
      for (int scratch : new int[] {LIVE_SCRATCH, REPLAY_SCRATCH, RAW_SCRATCH}) {
        generations.drop(h, scratch);
      }
    });
  }

  private static int liveGeneration(Handle handle) {
    return handle.createQuery("SELECT generation FROM ops.projection_generations"
        + " WHERE projection = 'rag' AND state = 'live'").mapTo(Integer.class).one();
  }

  private void produce(Topic<String, EmbeddedDocument> topic, List<EmbeddedDocument> corpus) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    try (KafkaProducer<String, EmbeddedDocument> producer =
        kafka.producer(props, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (EmbeddedDocument document : corpus) {
        producer.send(new ProducerRecord<>(topic.name(), document.id(), document));
      }
      producer.flush();
    }
  }

  private static List<EmbeddedDocument> corpus(int documents) {
    Random random = new Random(1);
    List<EmbeddedDocument> corpus = new ArrayList<>(documents);
    Instant now = Instant.now();
    for (int d = 0; d < documents; d++) {
      List<EmbeddedChunk> chunks = new ArrayList<>();
      for (int c = 0; c < CHUNKS_PER_DOCUMENT; c++) {
        String text = "bench document " + d + " chunk " + c + " about rivers, streams and tributaries " + random.nextInt();
        chunks.add(new EmbeddedChunk(c, text, List.of(), 0, text.length(), VectorCodec.encode(vector(random))));
      }
      corpus.add(new EmbeddedDocument("bench-" + d, "bench", 1, "h" + d, "t", "s", "text/plain", Map.of(),
          "bench", 384, chunks, now, now));
    }
    return corpus;
  }

  private static float[] vector(Random random) {
    float[] vector = new float[384];
    double norm = 0;
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) random.nextGaussian();
      norm += vector[i] * vector[i];
    }
    for (int i = 0; i < vector.length; i++) {
      vector[i] /= (float) Math.sqrt(norm);
    }
    return vector;
  }

  private static List<ChunkRow> chunkRows(List<EmbeddedDocument> corpus) {
    List<ChunkRow> rows = new ArrayList<>();
    for (EmbeddedDocument document : corpus) {
      for (EmbeddedChunk chunk : document.chunks()) {
        rows.add(new ChunkRow(document.id(), chunk.index(), document.tenant(), chunk.text(), chunk.vector()));
      }
    }
    return rows;
  }

  private record ChunkRow(String documentId, int index, String tenant, String text, float[] vector) {}

  private static double rowsPerSecond(long rows, Runnable work) {
    long started = System.nanoTime();
    work.run();
    return rows / ((System.nanoTime() - started) / 1e9);
  }

  private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
