package io.tributary.projections.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ConsumerSettingsTest {

  @Test
  void shouldKeepManualCommitsAndReadCommittedWhateverTheOverridesSay() {
    ProjectorConfig config = ProjectorConfig.of(KafkaClients.plaintext("localhost:9092")).withConsumerOverrides(Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
        ConsumerConfig.GROUP_ID_CONFIG, "someone-else"));

    Properties props = ConsumerSettings.of(new RagProjection(), config);

    assertThat(props)
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "tributary-projector-rag");
  }

  @Test
  void shouldFetchAtLeastTheTopicsLargestMessage() {
    ProjectorConfig config = ProjectorConfig.of(KafkaClients.plaintext("localhost:9092"))
        .withConsumerOverrides(Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1024"));

    Properties props = ConsumerSettings.of(new RagProjection(), config);

    String max = Integer.toString(Topics.DOCS_EMBEDDED.maxMessageBytes());
    assertThat(props)
        .containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, max)
        .containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, max);
  }

  @Test
  void shouldLetOverridesTuneWhatTheGuaranteesDoNotRestOn() {
    ProjectorConfig config = ProjectorConfig.of(KafkaClients.plaintext("localhost:9092"))
        .withConsumerOverrides(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "7"));

    assertThat(ConsumerSettings.of(new RagProjection(), config)).containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "7");
  }
}
