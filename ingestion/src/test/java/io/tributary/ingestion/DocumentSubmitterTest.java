package io.tributary.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.ingestion.submit.SubmissionReceipt;
import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class DocumentSubmitterTest {

  @BeforeAll
  static void createTopics(EmbeddedKafka kafka) {
    try (Admin admin = admin(kafka)) {
      new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    }
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  @Test
  void shouldCreateCatalogueTopicsOnceWithTheirDeclaredLayout(EmbeddedKafka kafka) throws Exception {
    try (Admin admin = admin(kafka)) {
      List<String> createdAgain = new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
      TopicDescription submitted =
          admin.describeTopics(List.of(Topics.DOCS_SUBMITTED.name())).allTopicNames().get()
              .get(Topics.DOCS_SUBMITTED.name());
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DOCS_EMBEDDED.name());
      var embeddedConfig = admin.describeConfigs(List.of(resource)).all().get().get(resource);

      assertThat(createdAgain).isEmpty();
      assertThat(submitted.partitions()).hasSize(3);
      assertThat(embeddedConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
      assertThat(embeddedConfig.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
          .isEqualTo(String.valueOf(Topics.EMBEDDED_MAX_MESSAGE_BYTES));
    }
  }

  @Test
  void shouldWriteDocumentsKeyedByTenantAndIdWithHeadersAndTombstonesForDeletes(EmbeddedKafka kafka) throws Exception {
    String id = "doc-" + UUID.randomUUID();
    SubmittedDocument document = new SubmittedDocument(id, "acme", "T", "s", "text/plain", "hello world",
        Map.of(), Instant.parse("2026-01-01T00:00:00Z"));

    SubmissionReceipt written;
    SubmissionReceipt deleted;
    try (DocumentSubmitter submitter = DocumentSubmitter.connect(KafkaClients.plaintext(kafka.bootstrapServers()), "test")) {
      written = submitter.submit(document, Map.of("tributary.request_id", "req-1")).get();
      deleted = submitter.delete(new DocumentKey("acme", id), Map.of()).get();
    }

    List<ConsumerRecord<String, SubmittedDocument>> records = readPartition(kafka, written.partition(), "acme/" + id);
    assertThat(written.documentId()).isEqualTo(id);
    assertThat(deleted.partition()).isEqualTo(written.partition());
    assertThat(records).hasSize(2);
    assertThat(records.get(0).value()).isEqualTo(document);
    assertThat(new String(records.get(0).headers().lastHeader("tributary.request_id").value(), StandardCharsets.UTF_8))
        .isEqualTo("req-1");
    assertThat(records.get(1).value()).isNull();
  }

  private static List<ConsumerRecord<String, SubmittedDocument>> readPartition(EmbeddedKafka kafka, int partition,
      String key) {
    Map<String, Object> config = Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, SubmittedDocument>> found = new ArrayList<>();
    try (KafkaConsumer<String, SubmittedDocument> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        Topics.DOCS_SUBMITTED.valueSerde().deserializer())) {
      TopicPartition tp = new TopicPartition(Topics.DOCS_SUBMITTED.name(), partition);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<String, SubmittedDocument> r : consumer.poll(Duration.ofMillis(500))) {
          if (key.equals(r.key())) {
            found.add(r);
          }
        }
      }
    }
    return found;
  }
}
