package io.tributary.edge.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.edge.http.ApiException;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A record too large is the client's 413 and never opens the Kafka breaker, whether producer or broker refuses it. */
@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class ProducerSendsTest {

  private static final int TOPIC_MAX = 20_000;

  private final EmbeddedKafka kafka;

  ProducerSendsTest(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  private String topicHolding(int maxMessageBytes) throws Exception {
    String topic = "too-large-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
          .configs(Map.of("max.message.bytes", Integer.toString(maxMessageBytes))))).all().get();
    }
    return topic;
  }

  private KafkaProducer<String, String> producer(int maxRequestSize) {
    return new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000),
        new StringSerializer(), new StringSerializer());
  }

  private static void assertTooLargeTwentyTimesWithoutOpeningTheBreaker(GuardedCalls kafka,
      KafkaProducer<String, String> producer, String topic) {
    String big = "x".repeat(TOPIC_MAX * 2);
    for (int i = 0; i < 20; i++) {
      ApiException refused = catchThrowableOfType(ApiException.class,
          () -> kafka.call(() -> ProducerSends.await(producer.send(new ProducerRecord<>(topic, "k", big)))));

      assertThat(refused).as("send " + i).isNotNull();
      assertThat(refused.status()).isEqualTo(413);
      assertThat(refused.code()).isEqualTo("RECORD_TOO_LARGE");
    }
    assertThat(kafka.state()).isEqualTo("CLOSED");
    // And the next client's small record goes through.
    assertThat(kafka.call(() -> ProducerSends.await(producer.send(new ProducerRecord<>(topic, "k", "small"))))
        .offset()).isNotNegative();
  }

  @Test
  void shouldAnswer413WhenTheProducerRefusesTheRecordAndKeepTheBreakerClosed() throws Exception {
    String topic = topicHolding(1_000_000);
    try (GuardedCalls kafka = new GuardedCalls("the event log", Duration.ofSeconds(30));
         KafkaProducer<String, String> producer = producer(TOPIC_MAX)) {
      assertTooLargeTwentyTimesWithoutOpeningTheBreaker(kafka, producer, topic);
    }
  }

  @Test
  void shouldAnswer413WhenTheBrokerRefusesTheRecordAndKeepTheBreakerClosed() throws Exception {
    String topic = topicHolding(TOPIC_MAX);
    try (GuardedCalls kafka = new GuardedCalls("the event log", Duration.ofSeconds(30));
         KafkaProducer<String, String> producer = producer(1_000_000)) {
      assertTooLargeTwentyTimesWithoutOpeningTheBreaker(kafka, producer, topic);
    }
  }
}
