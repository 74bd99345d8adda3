package io.tributary.platform.roll;

import static io.tributary.platform.testing.TextRecords.producer;
import static io.tributary.platform.testing.TextRecords.readCommitted;
import static io.tributary.platform.testing.TextRecords.send;

import io.tributary.platform.testing.TextRecords;
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
import io.tributary.projections.replay.ReplayResult;
import io.tributary.schemas.documents.ContentHash;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attack ADR 0026 closes, on a real broker whose log cleaner really compacts: a producer writes
 * another tenant's value under tenant dev's key. The pipeline refuses it, compaction then drops
 * dev's own record from docs.submitted.v1, and a roll still rebuilds dev's document, with dev's
 * content, because it reads docs.accepted.v1, which only the pipeline writes.
 */
@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
class HostileKeyRollTest {

  private static final String DEV_TEXT = """
      Descale the kettle every month with white vinegar to remove limescale. Rinse it twice afterwards
      so that no taste of vinegar is left in the water.
      """;
  private static final String EVIL_TEXT = "Evil's replacement text that must never reach tenant dev.";

  @Test
  void shouldRollTenantDevsDocumentFromTheAcceptedTopicAfterCompactionDroppedItFromTheSubmittedOne(
      TestDatabase db) throws Exception {
    // Its own broker: the roles use the catalogue's fixed topic names, and docs.submitted.v1 gets a
    // test-only compaction setting.
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      attackThenRoll(kafka, db);
    }
  }

  private void attackThenRoll(EmbeddedKafka kafka, TestDatabase db) throws Exception {
    Path home = Files.createTempDirectory("tributary-hostile-key");
    Settings settings = SettingsLoader.load(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "DATABASE_URL", db.jdbcUrl(),
        "TRIBUTARY_HOME", home.toString(), "TRIBUTARY_TOPIC_PARTITIONS", "1",
        "TRIBUTARY_STREAMS_APPLICATION_ID", "hostile-" + UUID.randomUUID(),
        "TRIBUTARY_EMBED_WORKERS", "1",
        "TRIBUTARY_ROLL_FOLLOW_INTERVAL", "PT0.5S"));
    TopicSetup.ensure(settings);
    SyntheticEmbedder embedder = new SyntheticEmbedder();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        Telemetry telemetry = Telemetry.fromEnvironment(Map.of());
        Database database = new Database(db.jdbcUrl(), 6);
        ProjectorRole projector = ProjectorRole.start(settings, telemetry);
        StreamsRole streams = StreamsRole.start(settings, embedder, telemetry);
        KafkaProducer<String, String> producer = producer(kafka)) {
      compactEagerly(admin, Topics.DOCS_SUBMITTED.name());
      Jdbi jdbi = database.jdbi();

      // Given tenant dev's document, accepted and indexed
      String devDocument = document("dev", DEV_TEXT);
      send(producer, Topics.DOCS_SUBMITTED.name(), "dev/doc1", devDocument);
      await().atMost(Duration.ofSeconds(60)).until(() -> liveTenantsOf(jdbi, "doc1").equals(List.of("dev")));

      // When a producer writes evil's value under dev's key, and the pipeline has refused it
      send(producer, Topics.DOCS_SUBMITTED.name(), "dev/doc1", document("evil", EVIL_TEXT));
      await().atMost(Duration.ofSeconds(60)).until(() -> !readCommitted(kafka, Topics.DOCS_SUBMITTED_DLQ.name()).isEmpty());
      // ... and the log cleaner compacted docs.submitted.v1: new segments roll behind the hostile
      // record (another document, rewritten unchanged) until dev's own record is gone
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        send(producer, Topics.DOCS_SUBMITTED.name(), "dev/filler", TextRecords.document("dev", "filler", "A filler document that rolls segments."));
        return valuesOf(readCommitted(kafka, Topics.DOCS_SUBMITTED.name()), "dev/doc1").size() == 1;
      });

      // Then docs.submitted.v1 holds only the hostile record for dev's key, docs.accepted.v1 only dev's
      assertThat(valuesOf(readCommitted(kafka, Topics.DOCS_SUBMITTED.name()), "dev/doc1"))
          .singleElement().satisfies(value -> assertThat(value).contains("\"tenant\":\"evil\""));
      assertThat(valuesOf(readCommitted(kafka, Topics.DOCS_ACCEPTED.name()), "dev/doc1"))
          .isNotEmpty().allSatisfy(value -> assertThat(value).isEqualTo(devDocument));

      // When the rag model is rolled to a new profile, which re-processes docs.accepted.v1
      EmbeddingProfile initial = ProfilePipelines.initialProfile(settings, embedder);
      EmbeddingProfile smaller = new EmbeddingProfile(initial.embedder(), initial.model(), initial.dimensions(), 60, 6);
      List<String> inputs = new ArrayList<>();
      ReplayResult result = new Roll(settings, database, admin, smaller, embedder,
          progress -> inputs.add(progress.input()), Duration.ofSeconds(30)).run();

      // Then the new generation holds tenant dev's document with dev's own content, and nothing of evil's
      assertThat(result.generation()).isEqualTo(2);
      assertThat(inputs).isNotEmpty().containsOnly(Topics.DOCS_ACCEPTED.name());
      assertThat(liveTenantsOf(jdbi, "doc1")).containsExactly("dev");
      String hash = jdbi.withHandle(h -> h.createQuery(
              "SELECT content_hash FROM rag_g2.documents WHERE tenant = 'dev' AND document_id = 'doc1'")
          .mapTo(String.class).one());
      assertThat(hash).isEqualTo(ContentHash.of(Json.mapper().readValue(devDocument, SubmittedDocument.class)));
      String text = jdbi.withHandle(h -> h.createQuery(
              "SELECT string_agg(text, ' ' ORDER BY chunk_index) FROM rag_g2.chunks WHERE document_id = 'doc1'")
          .mapTo(String.class).one());
      assertThat(text).contains("Descale the kettle").doesNotContain("Evil");
      // and the profile's group was handed off: it continues on docs.submitted.v1, not docs.accepted.v1
      assertThat(admin.listConsumerGroupOffsets(ProfilePipelines.applicationId(settings, smaller))
          .partitionsToOffsetAndMetadata().get().keySet()).extracting(TopicPartition::topic)
          .containsOnly(Topics.DOCS_SUBMITTED.name());
      // and the live pipeline of the new profile reads docs.submitted.v1 and accepts new documents again
      await().atMost(Duration.ofSeconds(30)).until(() -> streams.source().profile().equals(Optional.of(smaller))
          && projector.topic().equals(Topics.docsEmbedded(smaller).name()));
      send(producer, Topics.DOCS_SUBMITTED.name(), "dev/doc-after", TextRecords.document("dev", "doc-after", "Boil fresh water for every cup of tea."));
      await().atMost(Duration.ofSeconds(60)).until(() -> liveTenantsOf(jdbi, "doc-after").equals(List.of("dev")));
      assertThat(valuesOf(readCommitted(kafka, Topics.DOCS_ACCEPTED.name()), "dev/doc-after")).isNotEmpty();
    }
  }

  /** Test-only topic settings that let the log cleaner compact within seconds of a segment rolling. */
  private static void compactEagerly(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    List<AlterConfigOp> ops = List.of(
        new AlterConfigOp(new ConfigEntry(TopicConfig.SEGMENT_MS_CONFIG, "500"), AlterConfigOp.OpType.SET),
        new AlterConfigOp(new ConfigEntry(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01"),
            AlterConfigOp.OpType.SET),
        new AlterConfigOp(new ConfigEntry(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0"), AlterConfigOp.OpType.SET));
    admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
  }

  private static String document(String tenant, String text) {
    return TextRecords.document(tenant, "doc1", text);
  }

  private static List<String> liveTenantsOf(Jdbi jdbi, String id) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT tenant FROM rag.documents WHERE document_id = :id ORDER BY tenant")
        .bind("id", id).mapTo(String.class).list());
  }

  private static List<String> valuesOf(List<ConsumerRecord<String, String>> records, String key) {
    return records.stream().filter(r -> key.equals(r.key())).map(ConsumerRecord::value).toList();
  }
}
