package io.tributary.projections.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.generations.Generation;
import io.tributary.projections.projector.OffsetStore;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.ReplayProcess;
import io.tributary.projections.testing.TestTopics;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A replay process killed with SIGKILL in the middle of its bulk load resumes from its stored offsets. */
@Tag("fault")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class ReplayKillTest {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void shouldResumeAKilledReplayAndEndEqualToAnUninterruptedOne(EmbeddedKafka kafka, EmbeddedPostgres postgres,
      @TempDir Path logs) throws Exception {
    TestDatabase db = EmbeddedPostgresExtension.freshDatabase(postgres, "replaykill");
    Topic<String, EmbeddedDocument> topic = new Topic<>("replay.kill.v1", 3, true,
        Topics.DOCS_EMBEDDED.maxMessageBytes(), Topics.DOCS_EMBEDDED.keySerde(), Topics.DOCS_EMBEDDED.valueSerde());
    try (TestTopics topics = new TestTopics(kafka); Database database = new Database(db.jdbcUrl(), 4)) {
      Migrations.apply(database.dataSource());
      topics.create(topic);
      topics.create(topic.deadLetters());
      topics.produce(topic, Documents.history(topic.name(), 240));
      Jdbi jdbi = database.jdbi();
      Replay<String, EmbeddedDocument> replay = new Replay<>(new RagGenerations(topic, null), jdbi,
          new ReplaySettings(KafkaClients.plaintext(kafka.bootstrapServers()), 50, Duration.ofMillis(200), Duration.ofMinutes(10)));

      // given a replay process that has committed part of its bulk load of generation 2
      Process process = start(kafka, db.jdbcUrl(), topic, logs.resolve("replay.log"));
      long stored;
      try {
        await().atMost(PATIENCE).until(() -> storedBy(jdbi, topic) >= 60);
        // while it runs, nobody else may take its build over
        assertThatThrownBy(replay::takeOver).hasMessageContaining("another process");
      } finally {
        // when it is killed with SIGKILL
        process.destroyForcibly().waitFor();
        stored = storedBy(jdbi, topic);
      }
      long total = topics.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
      assertThat(stored).isLessThan(total);

      // then a new process takes the build over and resumes it from the offsets it stored, once
      // Postgres has noticed the dead session and released its build lock (a loaded machine takes a moment)
      AtomicReference<Optional<Generation>> taken = new AtomicReference<>(Optional.empty());
      await().atMost(PATIENCE).ignoreExceptionsMatching(e -> e.getMessage().contains("another process"))
          .until(() -> {
            taken.set(replay.takeOver());
            return true;
          });
      Optional<Generation> orphan = taken.get();
      assertThat(orphan).map(Generation::generation).contains(2);
      List<ReplayProgress> reports = new ArrayList<>();
      ReplayResult resumed = replay.resume(orphan.get(), reports::add, () -> true);
      assertThat(resumed.generation()).isEqualTo(2);
      assertThat(reports).extracting(ReplayProgress::phase).contains("indexing", "switched");
      assertThat(resumed.records() - orphan.get().recordsDone())
          .as("records read after the resume: only those after the stored offsets").isEqualTo(total - stored);
      assertThat(state(jdbi, 2)).isEqualTo("live");

      // and the resumed generation equals an uninterrupted rebuild row for row
      ReplayResult fresh = replay.run(replay.plan(new ReplayStart.FromBeginning()), progress -> {});
      assertThat(fresh.generation()).isEqualTo(3);
      assertThat(ReplayTest.differences(jdbi, "rag_g2", "rag_g3")).isZero();
      assertThat(count(jdbi, "rag_g2.documents")).isEqualTo(count(jdbi, "rag_g3.documents")).isPositive();
    }
  }

  private static Process start(EmbeddedKafka kafka, String jdbcUrl, Topic<?, ?> topic, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), ReplayProcess.class.getName(),
        kafka.bootstrapServers(), jdbcUrl, topic.name())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static long storedBy(Jdbi jdbi, Topic<?, ?> topic) {
    return jdbi.withHandle(h -> new OffsetStore().load(h, "rag@g2", topic.name())).values().stream()
        .mapToLong(Long::longValue).sum();
  }

  private static String state(Jdbi jdbi, int generation) {
    return jdbi.withHandle(h -> h.createQuery("SELECT state FROM ops.projection_generations"
        + " WHERE projection = 'rag' AND generation = :g").bind("g", generation).mapTo(String.class).one());
  }

  private static long count(Jdbi jdbi, String from) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + from).mapTo(Long.class).one());
  }
}
