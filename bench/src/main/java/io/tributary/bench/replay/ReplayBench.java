package io.tributary.bench.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.replay.Replay;
import io.tributary.projections.replay.ReplayLimits;
import io.tributary.projections.replay.ReplayResult;
import io.tributary.projections.replay.ReplaySettings;
import io.tributary.projections.replay.ReplayStart;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code tributary bench replay}: a replay of N synthetic chunks into an empty database, timed to the
 * switch, beside the baseline of the same rows indexed by plain {@code CREATE INDEX} statements
 * run one after the other with the same memory settings; samples the replay pool's connections and
 * JVM heap in use while it runs.
 */
public final class ReplayBench {

  private static final int CHUNKS_PER_DOCUMENT = 80;
  private static final String RAW = "bench_raw";

  private final KafkaClients kafka;
  private final ReplayLimits limits;
  private final PrintStream out;

  public ReplayBench(String bootstrapServers, ReplayLimits limits, PrintStream out) {
    // The bench's own embedded broker (plaintext); its clients still come from the one factory.
    this.kafka = KafkaClients.plaintext(requireNonNull(bootstrapServers, "bootstrapServers"));
    this.limits = requireNonNull(limits, "limits");
    this.out = requireNonNull(out, "out");
  }

  /** Replays {@code chunks} chunks into the empty database at {@code jdbcUrl}, then builds the raw baseline there. */
  public ReplayBenchReport run(String jdbcUrl, int chunks) {
    Topic<String, EmbeddedDocument> topic = new Topic<>("bench.replay." + chunks + "." + System.currentTimeMillis(), 3,
        true, Topics.DOCS_EMBEDDED.maxMessageBytes(), Topics.DOCS_EMBEDDED.keySerde(), Topics.DOCS_EMBEDDED.valueSerde());
    try (Database observer = new Database(jdbcUrl, 2);
        Database pool = Database.forLongJobs(jdbcUrl, limits.maxConnections(), "bench-replay")) {
      Migrations.apply(observer.dataSource());
      produce(topic, chunks);
      ReplaySettings settings = ReplaySettings.of(kafka).withLimits(limits);
      Replay<String, EmbeddedDocument> replay =
          new Replay<>(new RagGenerations(topic, null), pool.jdbi(), settings, topic, pool::waitingFor);
      System.gc();
      long heapBefore = heapInUse();
      AtomicInteger peakConnections = new AtomicInteger();
      AtomicLong peakHeap = new AtomicLong(heapBefore);
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = Thread.ofPlatform().daemon().name("bench-sampler").start(() -> {
        while (sampling.get()) {
          peakConnections.accumulateAndGet(pool.connections(), Math::max);
          peakHeap.accumulateAndGet(heapInUse(), Math::max);
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      ReplayResult result;
      try {
        result = replay.run(replay.plan(new ReplayStart.FromBeginning()), progress -> out.println("  " + progress.describe()));
      } finally {
        sampling.set(false);
        sampler.interrupt();
      }
      Duration raw = rawIndexBuild(observer.jdbi(), result.generation());
      long rows = observer.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM rag.chunks").mapTo(Long.class).one());
      return new ReplayBenchReport(rows, result.records(), result.total(), result.loadTime(), result.indexTime(), raw,
          peakConnections.get(), limits.maxConnections(), Math.max(0, peakHeap.get() - heapBefore), limits);
    }
  }

  /**
   * Heap in use now. It includes garbage not yet collected (and the embedded broker's objects), so
   * its peak is an upper bound for what the replay holds. Heap held after collections was tried and
   * misses everything promoted to the old generation until a mixed collection, which a large heap
   * may never run during a replay.
   */
  private static long heapInUse() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The same rows copied aside and indexed by the live generation's definitions, one statement after the other. */
  private Duration rawIndexBuild(Jdbi jdbi, int generation) {
    String schema = "rag_g" + generation;
    List<String> definitions = jdbi.withHandle(h -> h.createQuery(
            """
            SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = :schema AND NOT i.indisprimary ORDER BY 1
            """).bind("schema", schema).mapTo(String.class).list());
    jdbi.useHandle(h -> {
      h.execute("DROP SCHEMA IF EXISTS " + RAW + " CASCADE");
      h.execute("CREATE SCHEMA " + RAW);
      h.execute("CREATE TABLE " + RAW + ".documents AS SELECT * FROM " + schema + ".documents");
      h.execute("CREATE TABLE " + RAW + ".chunks AS SELECT * FROM " + schema + ".chunks");
    });
    long started = System.nanoTime();
    for (String definition : definitions) {
      String statement = definition.replace(" ON " + schema + ".", " ON " + RAW + ".");
      jdbi.useTransaction(h -> {
        setMaintenance(h);
        h.execute(statement);
      });
    }
    Duration raw = Duration.ofNanos(System.nanoTime() - started);
    jdbi.useHandle(h -> h.execute("DROP SCHEMA " + RAW + " CASCADE"));
    return raw;
  }

  private void setMaintenance(Handle handle) {
    handle.execute("SET LOCAL maintenance_work_mem = '" + limits.maintenanceWorkMem() + "'");
    handle.execute("SET LOCAL max_parallel_maintenance_workers = " + limits.maxParallelMaintenanceWorkers());
  }

  /** Documents of 80 chunks (the last one shorter) with random unit vectors, sent as they are made. */
  private void produce(Topic<String, EmbeddedDocument> topic, int chunks) {
    try (Admin admin = kafka.admin("bench-replay")) {
      new TopicProvisioner(admin, (short) -1, Duration.ofSeconds(30)).ensure(List.of(topic, topic.deadLetters()));
    }
    // acks=all (and idempotence) come from the factory.
    Map<String, Object> role = Map.of(
        ProducerConfig.LINGER_MS_CONFIG, "20",
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(topic.maxMessageBytes()));
    Random random = new Random(1);
    Instant now = Instant.now();
    try (KafkaProducer<String, EmbeddedDocument> producer =
        kafka.producer(role, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (int d = 0; d * CHUNKS_PER_DOCUMENT < chunks; d++) {
        int size = Math.min(CHUNKS_PER_DOCUMENT, chunks - d * CHUNKS_PER_DOCUMENT);
        List<EmbeddedChunk> list = new ArrayList<>(size);
        for (int c = 0; c < size; c++) {
          String text = "bench document " + d + " chunk " + c + " about rivers, streams and tributaries " + random.nextInt();
          list.add(new EmbeddedChunk(c, text, List.of(), 0, text.length(), VectorCodec.encode(vector(random))));
        }
        EmbeddedDocument document = new EmbeddedDocument("bench-" + d, "tenant-" + d % 3, 1, "h" + d, "t", "s",
            "text/plain", Map.of(), "bench", 384, list, now, now);
        producer.send(new ProducerRecord<>(topic.name(), document.id(), document));
      }
      producer.flush();
    }
  }

  private static float[] vector(Random random) {
    float[] vector = new float[384];
    double norm = 0;
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) random.nextGaussian();
      norm += vector[i] * vector[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < vector.length; i++) {
      vector[i] /= (float) norm;
    }
    return vector;
  }
}
