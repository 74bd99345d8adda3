package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class EmbeddedKafkaTest {

  @Test
  void shouldProduceAndConsumeARecordOnACreatedTopic() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      // given
      kafka.createTopics(1, "greetings");

      // when
      try (KafkaProducer<String, String> producer = producer(kafka)) {
        producer.send(new ProducerRecord<>("greetings", "k1", "hello")).get(10, TimeUnit.SECONDS);
      }

      // then
      try (KafkaConsumer<String, String> consumer = consumer(kafka)) {
        consumer.subscribe(List.of("greetings"));
        ConsumerRecord<String, String> record = pollOne(consumer);
        assertThat(record.key()).isEqualTo("k1");
        assertThat(record.value()).isEqualTo("hello");
      }
    }
  }

  @Test
  void shouldReleaseItsPortAndTemporaryDirectoryOnClose() {
    // given
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
    int port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));
    Path dataDir = kafka.dataDir();

    // when: closed twice; a generous bound fails a close that hangs, not a slow machine
    assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
      kafka.close();
      kafka.close();
    });

    // then
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void shouldKeepTopicsWhenRestartedOnTheSameDataDir(@TempDir Path dir) throws Exception {
    // given
    try (EmbeddedKafka first = new EmbeddedKafka(dir)) {
      first.createTopics(3, "kept");
    }

    // when
    try (EmbeddedKafka second = new EmbeddedKafka(dir); Admin admin = admin(second)) {
      // then
      Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      assertThat(topics).contains("kept");
    }
    assertThat(dir.resolve("server.properties")).exists();
  }

  @Test
  void shouldAcceptMessagesOf16MiB() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      kafka.createTopics(1, "large");
      String value = "x".repeat(16 * 1024 * 1024 - 1024);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 17 * 1024 * 1024),
          new StringSerializer(), new StringSerializer())) {
        assertThat(producer.send(new ProducerRecord<>("large", value)).get(30, TimeUnit.SECONDS).offset())
            .isZero();
      }
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "test",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new StringDeserializer());
  }

  private static ConsumerRecord<String, String> pollOne(KafkaConsumer<String, String> consumer) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
      if (!records.isEmpty()) {
        return records.iterator().next();
      }
    }
    throw new AssertionError("no record within 30 s");
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }
}
