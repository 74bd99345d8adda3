package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.agents.AgentRequest;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, MiniLmExtension.class})
class IntentRouterRunnerTest {

  @Test
  void shouldConfigureExactlyOnce(@TempDir Path stateDir) {
    assertThat(IntentRouterRunner.streamsConfig(RouterSettings.defaults(KafkaClients.plaintext("broker:9092"), stateDir)))
        .containsEntry("application.id", "tributary-intent-router")
        .containsEntry("processing.guarantee", "exactly_once_v2");
  }

  @Test
  void shouldRouteMessagesThroughARealBrokerExactlyOnce(EmbeddedKafka kafka, Embedder embedder, @TempDir Path stateDir)
      throws Exception {
    AgentCatalogue catalogue = AgentCatalogueFile.sample(Instant.now());
    List<Topic<?, ?>> topics = new ArrayList<>(Topics.all());
    topics.addAll(Topics.agentRequests(catalogue));
    try (Admin admin = Admin.create(Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(topics);
    }
    String conversation = "runner-" + UUID.randomUUID();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.AGENTS_CATALOGUE.name(), utf8(Topics.CATALOGUE_KEY),
          ((JsonSerde<AgentCatalogue>) Topics.AGENTS_CATALOGUE.valueSerde()).toBytes(catalogue))).get();
      producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), utf8(conversation),
          utf8("{\"id\":\"m-1\",\"text\":\"Book me a flight to Berlin on Monday\"}"))).get();
      producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), utf8(conversation),
          utf8("not json"))).get();
    }
    IntentRouterRunner runner = new IntentRouterRunner(
        RouterSettings.defaults(KafkaClients.plaintext(kafka.bootstrapServers()), stateDir).withApplicationId("router-" + UUID.randomUUID()),
        new EmbeddingClassifier(embedder), new IntentDecider(FollowUpRule.defaults()), Clock.systemUTC());
    try {
      runner.start();
      List<RoutingDecision> decisions = readAll(kafka, Topics.AGENTS_ROUTED.name(),
          Topics.AGENTS_ROUTED.valueSerde().deserializer(), conversation, 1);
      List<AgentRequest> requests = readAll(kafka, "agents.travel.requests.v1",
          JsonSerde.of(AgentRequest.class).deserializer(), conversation, 1);
      List<byte[]> dead = readAll(kafka, Topics.AGENTS_MESSAGES_DLQ.name(),
          org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer(), conversation, 1);

      assertThat(decisions).singleElement().satisfies(d -> {
        assertThat(d.agent()).isEqualTo("travel");
        assertThat(d.catalogueVersion()).isEqualTo(catalogue.version());
      });
      assertThat(requests).singleElement().satisfies(r -> assertThat(r.message().id()).isEqualTo("m-1"));
      assertThat(dead).singleElement().satisfies(v -> assertThat(new String(v, StandardCharsets.UTF_8))
          .isEqualTo("not json"));
      assertThat(runner.isRunning()).isTrue();
    } finally {
      assertThat(runner.close(Duration.ofSeconds(20))).isTrue();
    }
  }

  private static <V> List<V> readAll(EmbeddedKafka kafka, String topic, Deserializer<V> values, String key, int expected) {
    List<V> found = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), keyDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
          if (key.equals(record.key())) {
            found.add(record.value());
          }
        }
        return found.size() >= expected;
      });
      // A short extra poll: exactly once means no duplicate shows up behind the first.
      for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
        if (key.equals(record.key())) {
          found.add(record.value());
        }
      }
    }
    return found;
  }

  private static Deserializer<String> keyDeserializer() {
    // Dead letters keep their original key bytes; these tests only write UTF-8 keys.
    return new StringDeserializer();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
