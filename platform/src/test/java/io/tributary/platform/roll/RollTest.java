package io.tributary.platform.roll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.ProjectorRole;
import io.tributary.platform.roles.StreamsRole;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.projections.db.Database;
import io.tributary.projections.freshness.FreshnessReader;
import io.tributary.projections.generations.LiveGenerations;
import io.tributary.projections.rag.ChunkQuery;
import io.tributary.projections.rag.ChunkSearch;
import io.tributary.projections.rag.DocumentFilters;
import io.tributary.projections.rag.SearchMode;
import io.tributary.projections.replay.ReplayResult;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.OnnxEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A roll end to end on a real broker and Postgres with the real streams and project roles: a second
 * profile (same model, smaller chunks) is re-processed from docs.submitted.v1, the live generation
 * keeps answering searches until the switch, the switch waits for a document submitted mid-roll,
 * and afterwards both roles follow the new profile.
 */
@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
class RollTest {

  private static final String TEXT = """
      Descale the kettle every month with white vinegar to remove limescale. Rinse it twice afterwards
      so that no taste of vinegar is left in the water.

      A kettle that is descaled regularly boils faster and uses less electricity, because the heating
      element is not covered by a layer of calcium.
      """;

  @Test
  void shouldSwitchToTheNewProfileOnlyAfterCatchingUpWhileTheLiveGenerationServes(TestDatabase db)
      throws Exception {
    // Its own broker: the roles use the catalogue's fixed topic names, and the counts below hold only
    // for a docs.submitted.v1 that no other test in this JVM has written to.
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      roll(kafka, db);
    }
  }

  private void roll(EmbeddedKafka kafka, TestDatabase db) throws Exception {
    Path home = Files.createTempDirectory("tributary-roll");
    Settings settings = SettingsLoader.load(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "DATABASE_URL", db.jdbcUrl(),
        "TRIBUTARY_HOME", home.toString(), "TRIBUTARY_TOPIC_PARTITIONS", "3",
        "TRIBUTARY_STREAMS_APPLICATION_ID", "roll-" + UUID.randomUUID(),
        "TRIBUTARY_EMBED_WORKERS", "2",
        "TRIBUTARY_ROLL_FOLLOW_INTERVAL", "PT0.5S"));
    TopicSetup.ensure(settings);
    try (OnnxEmbedder embedder = new OnnxEmbedder(2);
        Telemetry telemetry = Telemetry.fromEnvironment(Map.of());
        Database database = new Database(db.jdbcUrl(), 6);
        ProjectorRole projector = ProjectorRole.start(settings, telemetry);
        StreamsRole streams = StreamsRole.start(settings, embedder, telemetry);
        KafkaProducer<String, String> producer = producer(kafka);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Jdbi jdbi = database.jdbi();
      for (int i = 0; i < 3; i++) {
        submit(producer, "doc-" + i, TEXT + " (doc-" + i + ")");
      }
      // One chunk under both profiles: the new pipeline finds its vector in the seeded cache.
      submit(producer, "doc-short", "Green tea.");
      await().atMost(Duration.ofSeconds(90)).until(() -> count(jdbi, "rag.documents") == 4);
      long chunksBefore = count(jdbi, "rag.chunks");
      ChunkSearch search = new ChunkSearch(jdbi);
      float[] vector = embedder.embed(List.of("how do I remove calcium from a kettle")).getFirst();
      ChunkQuery query = new ChunkQuery("default", SearchMode.VECTOR, null, vector, 3, -1.0, DocumentFilters.NONE);

      EmbeddingProfile initial = ProfilePipelines.initialProfile(settings, embedder);
      EmbeddingProfile smaller = new EmbeddingProfile(initial.embedder(), initial.model(), initial.dimensions(), 24, 4);
      List<String> phases = new CopyOnWriteArrayList<>();
      List<String> failures = new CopyOnWriteArrayList<>();
      AtomicInteger documentsAtSwitch = new AtomicInteger(-1);
      AtomicInteger servedDuringRoll = new AtomicInteger();
      AtomicLong cacheHits = new AtomicLong();
      Roll roll = new Roll(settings, database, admin, smaller, embedder, progress -> {
        cacheHits.accumulateAndGet(progress.cacheHits(), Math::max);
        if (phases.isEmpty() || !phases.getLast().equals(progress.phase())) {
          phases.add(progress.phase());
        }
        if (progress.phase().equals("embedding") && phases.size() == 1 && servedDuringRoll.get() == 0) {
          // Mid-roll: a new document the switch must wait for.
          submit(producer, "doc-late", TEXT + " (doc-late)");
        }
        if (List.of("embedding", "loading", "indexing", "catching-up").contains(progress.phase())) {
          // The live generation keeps serving, and it is still generation 1.
          if (!viewTarget(jdbi).contains("rag_g1.") || search.search(query).isEmpty()) {
            failures.add("during " + progress.phase() + ": view " + viewTarget(jdbi));
          }
          servedDuringRoll.incrementAndGet();
        }
        if (progress.phase().equals("switched")) {
          documentsAtSwitch.set((int) count(jdbi, "rag.documents"));
        }
      }, Duration.ofSeconds(60));

      ReplayResult result = roll.run();

      assertThat(failures).isEmpty();
      assertThat(servedDuringRoll.get()).isPositive();
      assertThat(cacheHits.get()).as("chunks found in the cache seeded from the live pipeline").isPositive();
      assertThat(phases).containsSubsequence("embedding", "indexing", "switched", "handover", "done");
      assertThat(documentsAtSwitch.get()).as("documents in the new generation at the switch").isEqualTo(5);
      assertThat(result.generation()).isEqualTo(2);
      assertThat(viewTarget(jdbi)).contains("rag_g2.");
      assertThat(count(jdbi, "rag.chunks")).as("smaller chunks, more of them").isGreaterThan(chunksBefore);
      assertThat(new FreshnessReader(jdbi, new LiveGenerations(jdbi)).read("rag").model()).isEqualTo(initial.model());
      // Both roles follow the live generation to the new profile, and new documents flow through it.
      await().atMost(Duration.ofSeconds(30)).until(() -> streams.source().profile().equals(java.util.Optional.of(smaller))
          && projector.topic().equals(Topics.docsEmbedded(smaller).name()));
      submit(producer, "doc-after", TEXT + " (doc-after)");
      await().atMost(Duration.ofSeconds(90)).until(() -> count(jdbi, "rag.documents") == 6);
      assertThat(search.search(query)).isNotEmpty();
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static void submit(KafkaProducer<String, String> producer, String id, String text) {
    try {
      String json = io.tributary.schemas.json.Json.mapper().writeValueAsString(
          Map.of("id", id, "title", "Kettle " + id, "text", text));
      producer.send(new ProducerRecord<>(Topics.DOCS_SUBMITTED.name(), id, json)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(Jdbi jdbi, String table) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
  }

  private static String viewTarget(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT pg_get_viewdef('rag.documents'::regclass)")
        .mapTo(String.class).one());
  }
}
