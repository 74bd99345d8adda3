package io.tributary.projections.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.TestTopics;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A replay whose API replica died is picked up by another replica's rescue and switched live. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class ReplayRescueTest {

  @Test
  void shouldResumeAGenerationLeftBuildingByAStoppedReplicaExactlyOnce(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    TestDatabase db = EmbeddedPostgresExtension.freshDatabase(postgres, "replayrescue");
    Topic<String, EmbeddedDocument> topic = new Topic<>("replay.rescue.v1", 3, true,
        Topics.DOCS_EMBEDDED.maxMessageBytes(), Topics.DOCS_EMBEDDED.keySerde(), Topics.DOCS_EMBEDDED.valueSerde());
    try (TestTopics topics = new TestTopics(kafka); Database database = new Database(db.jdbcUrl(), 6)) {
      Migrations.apply(database.dataSource());
      topics.create(topic);
      topics.create(topic.deadLetters());
      topics.produce(topic, Documents.history(topic.name(), 60));
      Jdbi jdbi = database.jdbi();
      ReplaySettings settings =
          new ReplaySettings(KafkaClients.plaintext(kafka.bootstrapServers()), 20, Duration.ofMillis(200), Duration.ofMinutes(10));

      // Given: replica A registered generation 2 and died before loading (its build lock is free)
      Replay<String, EmbeddedDocument> replicaA = new Replay<>(new RagGenerations(topic, null), jdbi, settings);
      int generation = replicaA.begin(replicaA.plan(new ReplayStart.FromBeginning()));
      replicaA.release();

      // When: two other replicas look for orphaned replays
      ReplayLauncher launcher = ReplayLauncher.of(List.of("rag"),
          name -> new Replay<>(new RagGenerations(topic, null), jdbi, settings));
      try (ReplayRescue replicaB = ReplayRescue.start(launcher, Duration.ofHours(1));
          ReplayRescue replicaC = ReplayRescue.start(launcher, Duration.ofHours(1))) {
        List<Integer> byB = replicaB.rescueOnce();
        List<Integer> byC = replicaC.rescueOnce();

        // Then: exactly one takes it over, and it ends live
        assertThat(byB).containsExactly(generation);
        assertThat(byC).isEmpty();
        await().atMost(Duration.ofSeconds(120)).until(() -> state(jdbi, generation).equals("live"));
      }
    }
  }

  private static String state(Jdbi jdbi, int generation) {
    return jdbi.withHandle(h -> h.createQuery("SELECT state FROM ops.projection_generations"
        + " WHERE projection = 'rag' AND generation = :g").bind("g", generation).mapTo(String.class).one());
  }
}
