package io.tributary.platform.roll;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** After a roll's grace period, the pipelines the live generation left are pruned; nothing live is touched. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class RetiredPipelinesTest {

  private static final EmbeddingProfile OLD = new EmbeddingProfile("minilm", "model-old", 384, 128, 16);
  private static final EmbeddingProfile LIVE = new EmbeddingProfile("minilm", "model-live", 384, 128, 16);

  @Test
  void shouldPruneTheGroupsAndTopicsOfRetiredPipelinesOnlyAfterTheGracePeriod(EmbeddedKafka kafka, TestDatabase db)
      throws Exception {
    // Given: the initial pipeline and profile OLD retired, profile LIVE live since two days
    String app = "prune-" + UUID.randomUUID().toString().substring(0, 8);
    Settings settings = SettingsLoader.load(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "DATABASE_URL", db.jdbcUrl(), "TRIBUTARY_STREAMS_APPLICATION_ID", app));
    String oldApp = ProfilePipelines.applicationId(settings, OLD);
    String liveApp = ProfilePipelines.applicationId(settings, LIVE);
    try (Database database = new Database(db.jdbcUrl(), 2);
        Admin admin = Admin.create(Map.<String, Object>of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Migrations.apply(database.dataSource());
      generations(database.jdbi());
      List<String> topics = List.of(app + "-store-changelog", oldApp + "-store-changelog",
          liveApp + "-store-changelog", Topics.docsEmbedded(OLD).name(), Topics.docsEmbedded(LIVE).name());
      admin.createTopics(topics.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all()
          .get(30, TimeUnit.SECONDS);
      for (String group : List.of(app, oldApp, liveApp)) {
        commit(kafka, group, liveApp + "-store-changelog");
      }
      RetiredPipelines retired = new RetiredPipelines(settings, database.jdbi(), admin);

      // When / Then: within the grace period nothing is planned
      assertThat(retired.plan(Duration.ofDays(3), Instant.now()).isEmpty()).isTrue();

      // When / Then: after it, the retired pipelines' groups and topics, and nothing of the live one
      RetiredPipelines.Plan plan = retired.plan(Duration.ofDays(1), Instant.now());
      assertThat(plan.groups()).containsExactlyInAnyOrder(app, oldApp);
      assertThat(plan.topics()).containsExactlyInAnyOrder(app + "-store-changelog", oldApp + "-store-changelog",
          Topics.docsEmbedded(OLD).name());

      retired.apply(plan);
      Set<String> left = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(left).contains(liveApp + "-store-changelog", Topics.docsEmbedded(LIVE).name())
          .doesNotContain(app + "-store-changelog", oldApp + "-store-changelog", Topics.docsEmbedded(OLD).name());
      assertThat(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(30, TimeUnit.SECONDS))
          .extracting(GroupListing::groupId).contains(liveApp).doesNotContain(app, oldApp);
    }
  }

  private static void generations(Jdbi jdbi) {
    jdbi.useTransaction(handle -> {
      handle.execute("UPDATE ops.projection_generations SET state = 'retired' WHERE projection = 'rag'");
      handle.createUpdate("INSERT INTO ops.projection_generations (projection, generation, state, source_topic,"
              + " embedding_profile, switched_at) VALUES ('rag', 2, 'dropped', :topic, CAST(:profile AS jsonb),"
              + " now() - interval '5 days')")
          .bind("topic", Topics.docsEmbedded(OLD).name()).bind("profile", LiveSource.json(OLD)).execute();
      handle.createUpdate("INSERT INTO ops.projection_generations (projection, generation, state, source_topic,"
              + " embedding_profile, switched_at) VALUES ('rag', 3, 'live', :topic, CAST(:profile AS jsonb),"
              + " now() - interval '2 days')")
          .bind("topic", Topics.docsEmbedded(LIVE).name()).bind("profile", LiveSource.json(LIVE)).execute();
    });
  }

  private static void commit(EmbeddedKafka kafka, String group, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, group),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)));
    }
  }
}
