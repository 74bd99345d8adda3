package io.tributary.platform.cli;

import static io.tributary.platform.testing.TextRecords.document;
import static io.tributary.platform.testing.TextRecords.producer;
import static io.tributary.platform.testing.TextRecords.readCommitted;
import static io.tributary.platform.testing.TextRecords.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.Tributary;
import io.tributary.platform.UserError;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.ProjectorRole;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.platform.roll.AcceptedDocuments;
import io.tributary.platform.roll.ProfilePipelines;
import io.tributary.platform.roll.Roll;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.projections.db.Database;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.pipeline.DocumentPipelineRunner;
import io.tributary.streams.pipeline.PipelineComponents;
import io.tributary.streams.pipeline.PipelineSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The upgrade step of ADR 0026 on a real broker and Postgres: a deployment whose pipeline never
 * wrote docs.accepted.v1 cannot roll until {@code tributary roll seed-accepted} copied the records
 * of docs.submitted.v1 that are provably the accepted ones, and nothing else.
 */
@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
class RollSeedAcceptedCommandTest {

  @Test
  void shouldRefuseARollUntilTheSeedCopiedOnlyTheAcceptedRecordsAndCopyNothingTheSecondTime(TestDatabase db)
      throws Exception {
    // Its own broker: the pipeline and the seed use the catalogue's fixed topic names.
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      seed(kafka, db);
    }
  }

  private void seed(EmbeddedKafka kafka, TestDatabase db) throws Exception {
    Path home = Files.createTempDirectory("tributary-seed-accepted");
    Settings settings = SettingsLoader.load(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "DATABASE_URL", db.jdbcUrl(),
        "TRIBUTARY_HOME", home.toString(), "TRIBUTARY_TOPIC_PARTITIONS", "1",
        "TRIBUTARY_STREAMS_APPLICATION_ID", "seed-" + UUID.randomUUID(),
        "TRIBUTARY_EMBED_WORKERS", "1"));
    TopicSetup.ensure(settings);
    try (OnnxEmbedder embedder = new OnnxEmbedder(1);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        Telemetry telemetry = Telemetry.fromEnvironment(Map.of());
        Database database = new Database(db.jdbcUrl(), 4);
        ProjectorRole projector = ProjectorRole.start(settings, telemetry);
        KafkaProducer<String, String> producer = producer(kafka)) {
      Jdbi jdbi = database.jdbi();
      // Given a deployment whose pipeline (the version before docs.accepted.v1) indexed what it accepted
      try (DocumentPipelineRunner before = new DocumentPipelineRunner(
          PipelineSettings.defaults(settings.kafkaClients(), home.resolve("state"))
              .withApplicationId(settings.streamsApplicationId()),
          PipelineComponents.forEmbedder(embedder, Clock.systemUTC()).withInput(Topics.DOCS_SUBMITTED, false))) {
        before.start();
        send(producer, Topics.DOCS_SUBMITTED.name(), "dev/doc1", document("dev", "doc1", "Descale the kettle every month."));
        send(producer, Topics.DOCS_SUBMITTED.name(), "doc2", document("dev", "doc2", "Rinse it twice afterwards."));
        send(producer, Topics.DOCS_SUBMITTED.name(), "dev/doc3", document("dev", "doc3", "The first version of doc3."));
        send(producer, Topics.DOCS_SUBMITTED.name(), "dev/doc3", document("dev", "doc3", "The second version of doc3."));
        send(producer, Topics.DOCS_SUBMITTED.name(), "dev/doc1", document("evil", "doc1", "Evil's text under dev's key."));
        send(producer, Topics.DOCS_SUBMITTED.name(), "dev/doc4", document("dev", "doc4", "A document deleted later."));
        send(producer, Topics.DOCS_SUBMITTED.name(), "dev/doc4", null);
        send(producer, Topics.DOCS_SUBMITTED.name(), "dev/last", document("dev", "last", "The last document submitted."));
        // One partition: once the last document is indexed, everything before it was processed.
        await().atMost(Duration.ofSeconds(90)).until(() -> count(jdbi, "tenant = 'dev' AND document_id = 'last'") == 1);
      }
      assertThat(count(jdbi, "true")).isEqualTo(4);
      assertThat(records(kafka, Topics.DOCS_ACCEPTED.name())).isEmpty();

      // Then a roll is refused, naming the seed command
      EmbeddingProfile initial = ProfilePipelines.initialProfile(settings, embedder);
      EmbeddingProfile smaller = new EmbeddingProfile(initial.embedder(), initial.model(), initial.dimensions(), 24, 4);
      assertThatThrownBy(() -> new Roll(settings, database, admin, smaller, embedder, progress -> {},
          Duration.ofSeconds(1)).run())
          .isInstanceOf(UserError.class)
          .hasMessage("docs.accepted.v1 holds 0 records but the live read model holds 4 documents; copy the accepted"
              + " documents into it first: tributary roll seed-accepted");

      // When the seed command runs
      String first = seedAccepted(settings);

      // Then it copied each live document's accepted record under <tenant>/<id>, and said why it skipped the rest
      assertThat(first.lines().filter(line -> line.startsWith("copied "))).containsExactly(
          "copied dev/doc1 (partition 0, offset 0) as dev/doc1",
          "copied doc2 (partition 0, offset 1) as dev/doc2",
          "copied dev/doc3 (partition 0, offset 3) as dev/doc3",
          "copied dev/last (partition 0, offset 7) as dev/last");
      assertThat(first).contains(
          "skipped dev/doc3 (partition 0, offset 2): its content is not the live document's",
          "skipped dev/doc1 (partition 0, offset 4): the key does not name the value's tenant and id evil/doc1",
          "skipped dev/doc4 (partition 0, offset 5): the live read model holds no document dev/doc4",
          "skipped dev/doc4 (partition 0, offset 6): a tombstone: nothing of it is live",
          "seeded docs.accepted.v1: copied 4 record(s) of 4 document(s), skipped 4");
      Map<String, String> accepted = records(kafka, Topics.DOCS_ACCEPTED.name());
      assertThat(accepted).containsOnlyKeys("dev/doc1", "dev/doc2", "dev/doc3", "dev/last");
      assertThat(accepted.get("dev/doc1")).contains("Descale the kettle").contains("\"tenant\":\"dev\"");
      assertThat(accepted.get("dev/doc3")).contains("The second version");
      AcceptedDocuments.requireComplete(admin, jdbi);

      // And a second run copies nothing
      String second = seedAccepted(settings);
      assertThat(second.lines().filter(line -> line.startsWith("copied "))).isEmpty();
      assertThat(second).endsWith("seeded docs.accepted.v1: copied 0 record(s) of 0"
          + " document(s), skipped 8" + System.lineSeparator());
    }
  }

  private static String seedAccepted(Settings settings) {
    CommandLine cli = Tributary.commandLine();
    ((RollSeedAcceptedCommand) cli.getSubcommands().get("roll").getSubcommands().get("seed-accepted").getCommand())
        .settingsSource = () -> settings;
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("roll", "seed-accepted")).isZero();
    return out.toString();
  }

  private static long count(Jdbi jdbi, String where) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM rag.documents WHERE " + where)
        .mapTo(Long.class).one());
  }

  /** The last value per key of {@code topic} (one partition), from its beginning to its end now. */
  private static Map<String, String> records(EmbeddedKafka kafka, String topic) {
    Map<String, String> values = new HashMap<>();
    readCommitted(kafka, topic).forEach(record -> values.put(record.key(), record.value()));
    return values;
  }
}
