package io.tributary.projections.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.PostgresOptions;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.LoopbackRelay;
import io.tributary.projections.testing.RenamedRag;
import io.tributary.projections.testing.TestTopics;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Stops the test's own Postgres under a running projector: it must pause, resume and lose nothing. */
@Tag("fault")
@ExtendWith(EmbeddedKafkaExtension.class)
class PostgresOutageTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final EmbeddedKafka kafka;

  PostgresOutageTest(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldPauseWhilePostgresIsDownThenCatchUpWithoutLossOrDeadLetters(@TempDir Path dir) throws Exception {
    PostgresOptions options = PostgresOptions.defaults().forTests();
    EmbeddedPostgres postgres = new EmbeddedPostgres(dir, options);
    Topic<String, EmbeddedDocument> topic = new Topic<>("projector.outage.v1", 2, true,
        Topics.DOCS_EMBEDDED.maxMessageBytes(), Topics.DOCS_EMBEDDED.keySerde(), Topics.DOCS_EMBEDDED.valueSerde());
    Projection<String, EmbeddedDocument> projection = new RenamedRag(new RagProjection(), "rag-outage", topic);
    postgres.createDatabase("outage");
    try (LoopbackRelay relay = new LoopbackRelay(postgres.port());
        TestTopics topics = new TestTopics(kafka);
        Database database = new Database(
            "jdbc:postgresql://127.0.0.1:" + relay.port() + "/outage?user=" + EmbeddedPostgres.USER
                + "&connectTimeout=2&socketTimeout=5", 2)) {
      Migrations.apply(database.dataSource());
      Jdbi jdbi = database.jdbi();
      topics.create(topic);
      topics.create(topic.deadLetters());
      Map<String, Integer> expected = new HashMap<>();
      topics.produce(topic, documents(topic, "before", 20, expected));
      ProjectorConfig config =
          ProjectorConfig.of(KafkaClients.plaintext(kafka.bootstrapServers())).withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
      try (ProjectorRunner<String, EmbeddedDocument> runner = new ProjectorRunner<>(projection, jdbi, config).start()) {
        await().atMost(PATIENCE).until(() -> runner.status().recordsApplied() == 20);

        // when Postgres stops and records keep arriving
        postgres.close();
        topics.produce(topic, documents(topic, "during", 20, expected));
        await().atMost(PATIENCE).until(() -> runner.status().consecutiveFailures() >= 2);
        assertThat(runner.status().healthy()).isFalse();
        assertThat(runner.status().lastError()).isNotBlank();
        // It tried again with Postgres still down and applied nothing of the new records.
        int failures = runner.status().consecutiveFailures();
        await().atMost(PATIENCE).until(() -> runner.status().consecutiveFailures() > failures);
        assertThat(runner.status().recordsApplied()).isEqualTo(20);

        // and comes back on the same data directory
        postgres = new EmbeddedPostgres(dir, options);
        relay.retarget(postgres.port());

        // then the projector catches up, healthy, with every record applied once and nothing dead-lettered
        Map<TopicPartition, Long> ends = topics.endOffsets(topic);
        await().atMost(PATIENCE).until(() -> runner.status().healthy() && stored(jdbi, topic).equals(ends));
        assertThat(chunkCounts(jdbi)).isEqualTo(expected);
        assertThat(runner.status().deadLettered()).isZero();
        assertThat(count(jdbi, "ops.dead_letters")).isZero();
        assertThat(count(jdbi, "ops.parked_records")).isZero();
      }
    } finally {
      postgres.close();
    }
  }

  private static List<ProducerRecord<String, EmbeddedDocument>> documents(
      Topic<String, EmbeddedDocument> topic, String prefix, int count, Map<String, Integer> expected) {
    List<ProducerRecord<String, EmbeddedDocument>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      int chunks = 1 + i % 3;
      expected.put(id, chunks);
      records.add(new ProducerRecord<>(topic.name(), id, Documents.document(id, "acme", 1, chunks)));
    }
    return records;
  }

  private static Map<TopicPartition, Long> stored(Jdbi jdbi, Topic<?, ?> topic) {
    try {
      return jdbi.withHandle(h -> new OffsetStore().load(h, "rag-outage", topic.name()));
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  private static Map<String, Integer> chunkCounts(Jdbi jdbi) {
    Map<String, Integer> counts = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery(
            "SELECT d.document_id, count(c.chunk_index) FROM rag.documents d"
                + " JOIN rag.chunks c ON c.document_id = d.document_id GROUP BY d.document_id")
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
        .forEach(e -> counts.put(e.getKey(), e.getValue())));
    return counts;
  }

  private static long count(Jdbi jdbi, String table) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
  }
}
