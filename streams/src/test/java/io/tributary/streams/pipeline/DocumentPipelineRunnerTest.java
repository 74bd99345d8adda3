package io.tributary.streams.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, MiniLmExtension.class})
class DocumentPipelineRunnerTest {

  @Test
  void shouldConfigureExactlyOnceAndRoomForTheLargestDocuments(@TempDir Path stateDir) {
    Properties config = DocumentPipelineRunner.streamsConfig(PipelineSettings.defaults(KafkaClients.plaintext("broker:9092"), stateDir));

    assertThat(config)
        .containsEntry("application.id", "tributary-document-pipeline")
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("num.stream.threads", 1)
        .containsEntry("commit.interval.ms", 100L)
        .containsEntry("producer.max.request.size", Topics.DOCS_EMBEDDED.maxMessageBytes())
        .containsEntry("consumer.max.partition.fetch.bytes", Topics.DOCS_SUBMITTED.maxMessageBytes())
        .containsEntry("state.dir", stateDir.toAbsolutePath().toString())
        .containsEntry("producer.transaction.timeout.ms", 60_000);
  }

  @Test
  void shouldKeepTransactionsOpenAsLongAsConfiguredAndNoShorterThanACommit(@TempDir Path stateDir) {
    PipelineSettings defaults = PipelineSettings.defaults(KafkaClients.plaintext("broker:9092"), stateDir);
    PipelineSettings fast = new PipelineSettings(defaults.kafka(), defaults.applicationId(), stateDir, 1, 1,
        Duration.ofMillis(100), Duration.ofSeconds(15), Map.of());

    assertThat(DocumentPipelineRunner.streamsConfig(fast)).containsEntry("producer.transaction.timeout.ms", 15_000);
    assertThatThrownBy(() -> new PipelineSettings(defaults.kafka(), defaults.applicationId(), stateDir, 1, 1,
        Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transactionTimeout must be longer");
  }

  @Test
  void shouldBuildATopologyFromTheSubmittedTopicToTheEmbeddedAndDeadLetterTopics(
      Embedder embedder, @TempDir Path stateDir) {
    PipelineSettings settings = PipelineSettings.defaults(KafkaClients.plaintext("broker:9092"), stateDir);

    String description = DocumentPipelineRunner
        .topology(settings, PipelineComponents.forEmbedder(embedder, Clock.systemUTC()))
        .describe()
        .toString();

    assertThat(description).contains(
        "topics: [docs.submitted.v1]", "document-versions", "embedding-cache",
        "topic: docs.embedded.v1", "topic: docs.submitted.v1.dlq.v1");
  }

  @Test
  void shouldApplyOverridesLast(@TempDir Path stateDir) {
    PipelineSettings settings = PipelineSettings.defaults(KafkaClients.plaintext("broker:9092"), stateDir)
        .withOverrides(Map.of("security.protocol", "SASL_SSL", "commit.interval.ms", "250"));

    Properties config = DocumentPipelineRunner.streamsConfig(settings);

    assertThat(config).containsEntry("security.protocol", "SASL_SSL").containsEntry("commit.interval.ms", "250");
  }

  @Test
  void shouldEmbedASubmittedDocumentOnARealBroker(EmbeddedKafka kafka, Embedder embedder, @TempDir Path stateDir)
      throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    }
    PipelineSettings settings = PipelineSettings.defaults(KafkaClients.plaintext(kafka.bootstrapServers()), stateDir)
        .withApplicationId("runner-test-" + UUID.randomUUID());

    try (DocumentPipelineRunner runner =
            new DocumentPipelineRunner(settings, PipelineComponents.forEmbedder(embedder, Clock.systemUTC()));
        KafkaConsumer<String, EmbeddedDocument> consumer = readCommitted(kafka)) {
      runner.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> runner.state() == KafkaStreams.State.RUNNING);

      RecordMetadata sent = submit(kafka, new SubmittedDocument(
          "doc-1", null, "Title", "test", "text/plain", "Hello from a real broker.", Map.of(), Instant.now()));

      List<ConsumerRecord<String, EmbeddedDocument>> received = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        return !received.isEmpty();
      });
      // Anything else would arrive with the same commit; give it one more poll to show up.
      consumer.poll(Duration.ofMillis(500)).forEach(received::add);

      assertThat(received).singleElement().satisfies(record -> {
        assertThat(record.key()).isEqualTo("default/doc-1");
        assertThat(record.partition()).isEqualTo(sent.partition());
        assertThat(record.value().version()).isEqualTo(1);
        assertThat(record.value().chunks()).singleElement()
            .satisfies(chunk -> assertThat(chunk.text()).isEqualTo("Hello from a real broker."));
      });
      assertThat(runner.isRunning()).isTrue();
    }
  }

  private static RecordMetadata submit(EmbeddedKafka kafka, SubmittedDocument document) throws Exception {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, SubmittedDocument> producer = new KafkaProducer<>(
        config, Topics.DOCS_SUBMITTED.keySerde().serializer(), Topics.DOCS_SUBMITTED.valueSerde().serializer())) {
      return producer.send(new ProducerRecord<>(Topics.DOCS_SUBMITTED.name(), document.id(), document)).get();
    }
  }

  private static KafkaConsumer<String, EmbeddedDocument> readCommitted(EmbeddedKafka kafka) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "runner-test-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, EmbeddedDocument> consumer = new KafkaConsumer<>(
        config, Topics.DOCS_EMBEDDED.keySerde().deserializer(), Topics.DOCS_EMBEDDED.valueSerde().deserializer());
    consumer.subscribe(List.of(Topics.DOCS_EMBEDDED.name()));
    return consumer;
  }
}
