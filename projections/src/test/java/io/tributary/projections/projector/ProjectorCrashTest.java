package io.tributary.projections.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.ProjectorProcess;
import io.tributary.projections.testing.TestTopics;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a projector process with SIGKILL again and again while records arrive, then compares the
 * read model with an oracle folded from the topic itself: no loss, no duplicate, latest versions.
 */
@Tag("fault")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class ProjectorCrashTest {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String NAME = "rag-crash";
  private static final int KILLS = 3;

  private final EmbeddedKafka kafka;

  ProjectorCrashTest(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldMatchTheOracleAfterRepeatedKillsUnderLoad(EmbeddedPostgres postgres, @TempDir Path logs) throws Exception {
    TestDatabase db = EmbeddedPostgresExtension.freshDatabase(postgres, "crash");
    Topic<String, EmbeddedDocument> topic = new Topic<>("projector.crash.v1", 3, true,
        Topics.DOCS_EMBEDDED.maxMessageBytes(), Topics.DOCS_EMBEDDED.keySerde(), Topics.DOCS_EMBEDDED.valueSerde());
    try (TestTopics topics = new TestTopics(kafka); Database database = new Database(db.jdbcUrl(), 2)) {
      Migrations.apply(database.dataSource());
      topics.create(topic);
      topics.create(topic.deadLetters());
      Jdbi jdbi = database.jdbi();

      // given a producer writing versions (some stale, some repeated) and tombstones the whole time
      AtomicBoolean producing = new AtomicBoolean(true);
      Thread producer = Thread.ofPlatform().start(() -> {
        Random random = new Random(42);
        int round = 0;
        while (producing.get()) {
          topics.produce(topic, burst(topic, random, round++));
          sleep(100);
        }
      });

      // when the projector is killed with SIGKILL at random moments and restarted
      Random timing = new Random(7);
      List<Long> progress = new ArrayList<>();
      for (int kill = 0; kill < KILLS; kill++) {
        long before = sum(stored(jdbi, topic));
        Process process = start(db.jdbcUrl(), topic, logs.resolve("projector-" + kill + ".log"));
        // Killed only once it is committing batches, at a random moment after that.
        await().atMost(PATIENCE).until(() -> sum(stored(jdbi, topic)) > before);
        Thread.sleep(timing.nextInt(700));
        process.destroyForcibly().waitFor();
        progress.add(sum(stored(jdbi, topic)));
      }
      assertThat(progress).isSorted().doesNotHaveDuplicates();
      producing.set(false);
      producer.join();
      Process last = start(db.jdbcUrl(), topic, logs.resolve("projector-last.log"));
      try {
        Map<TopicPartition, Long> ends = topics.endOffsets(topic);
        await().atMost(PATIENCE).until(() -> stored(jdbi, topic).equals(ends));
      } finally {
        last.destroyForcibly().waitFor();
      }

      // then the read model is exactly the fold of the topic
      Map<String, Expected> oracle = oracle(topics.consume(topic.name(), (int) sum(topics.endOffsets(topic))));
      assertThat(oracle).hasSizeGreaterThan(20);
      assertThat(readModel(jdbi)).isEqualTo(oracle);
    }
  }

  /** Document id → version and chunk count the topic implies, folding records in log order per key. */
  private static Map<String, Expected> oracle(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, Expected> model = new HashMap<>();
    Map<String, Long> seen = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      String wire = Topics.DOCS_EMBEDDED.keySerde().deserializer().deserialize(record.topic(), record.key());
      String key = wire.substring(wire.indexOf('/') + 1);
      if (record.value() == null) {
        model.remove(key);
        seen.remove(key);
        continue;
      }
      EmbeddedDocument document =
          Topics.DOCS_EMBEDDED.valueSerde().deserializer().deserialize(record.topic(), record.value());
      Long stored = seen.get(key);
      if (stored == null || document.version() > stored) {
        seen.put(key, document.version());
        model.put(key, new Expected(document.version(), document.chunks().size()));
      }
    }
    return model;
  }

  private static Map<String, Expected> readModel(Jdbi jdbi) {
    Map<String, Expected> model = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery(
            "SELECT d.document_id, d.version, d.chunk_count, count(c.chunk_index) AS stored"
                + " FROM rag.documents d LEFT JOIN rag.chunks c ON c.document_id = d.document_id"
                + " GROUP BY d.document_id, d.version, d.chunk_count")
        .map((rs, ctx) -> {
          assertThat(rs.getInt("stored")).as("chunks of %s", rs.getString(1)).isEqualTo(rs.getInt("chunk_count"));
          return Map.entry(rs.getString(1), new Expected(rs.getLong(2), rs.getInt("stored")));
        })
        .forEach(e -> model.put(e.getKey(), e.getValue())));
    return model;
  }

  private record Expected(long version, int chunks) {}

  private static List<ProducerRecord<String, EmbeddedDocument>> burst(
      Topic<String, EmbeddedDocument> topic, Random random, int round) {
    List<ProducerRecord<String, EmbeddedDocument>> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id = "doc-" + random.nextInt(60);
      int roll = random.nextInt(10);
      if (roll == 0) {
        records.add(new ProducerRecord<>(topic.name(), "acme/" + id, null));
      } else {
        // Versions rise with the round but may go back by one: stale versions must change nothing.
        long version = Math.max(1, round + 1 - random.nextInt(2));
        records.add(new ProducerRecord<>(topic.name(), "acme/" + id,
            Documents.document(id, "acme", version, 1 + random.nextInt(5))));
      }
    }
    return records;
  }

  private Process start(String jdbcUrl, Topic<?, ?> topic, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), ProjectorProcess.class.getName(),
        kafka.bootstrapServers(), jdbcUrl, NAME, topic.name(), Integer.toString(topic.partitions()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static Map<TopicPartition, Long> stored(Jdbi jdbi, Topic<?, ?> topic) {
    return jdbi.withHandle(h -> new OffsetStore().load(h, NAME, topic.name()));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

}
