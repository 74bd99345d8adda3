package io.tributary.platform.roll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.schemas.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Commit markers and aborted records take offsets but are no records: a pipeline short of them has processed everything. */
@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class CommittedRecordsTest {

  @Test
  void shouldSeeNoRecordsWhereOnlyMarkersAndAbortedRecordsLieAndTheRecordWhereOneDoes(EmbeddedKafka kafka) {
    // Given a partition holding: a committed record (0), its commit marker (1), an aborted record
    // (2) and its abort marker (3)
    String topic = "committed-records-" + UUID.randomUUID();
    kafka.createTopics(1, topic);
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaProducer<String, String> producer = transactional(kafka)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "aborted"));
      producer.flush();
      producer.abortTransaction();
    }
    // (the markers are written after the transactions end; the last stable offset says when)
    long end = 4;
    await().atMost(Duration.ofSeconds(30)).until(() -> endOffset(kafka, partition) == end);

    try (CommittedRecords records = new CommittedRecords(KafkaClients.plaintext(kafka.bootstrapServers()))) {
      // Then after the committed record only markers and an aborted record remain
      assertThat(records.noneBetween(partition, 1, end)).isTrue();
      assertThat(records.reached(Map.of(partition, 1L), Map.of(partition, end))).isTrue();
      // and from the beginning (or with no committed offset at all) the committed record remains
      assertThat(records.noneBetween(partition, 0, end)).isFalse();
      assertThat(records.reached(Map.of(), Map.of(partition, end))).isFalse();
    }
  }

  private static KafkaProducer<String, String> transactional(EmbeddedKafka kafka) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "committed-records-" + UUID.randomUUID()),
        new StringSerializer(), new StringSerializer());
  }

  private static long endOffset(EmbeddedKafka kafka, TopicPartition partition) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
      return consumer.endOffsets(List.of(partition)).get(partition);
    }
  }
}
