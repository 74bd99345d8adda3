package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.embedded.testing.KafkaCluster;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.topics.Topic;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a router process with SIGKILL in the middle of its work on a three-broker cluster (RF 3,
 * min ISR 2), lets a second instance take over, and proves with a read_committed reader of
 * agents.routed.v1 that every message has exactly one decision: the killed instance's open
 * transaction is aborted, never half-visible.
 */
@Tag("fault")
@ExtendWith(MiniLmExtension.class)
class RouterKillTest {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RouterKillTest.class);
  private static final int MESSAGES = 300;
  private static final Duration PATIENCE = Duration.ofSeconds(150);

  @Test
  void shouldDecideEveryMessageExactlyOnceAcrossAKilledRouter(Embedder model, @TempDir Path dir) throws Exception {
    long began = System.nanoTime();
    try (KafkaCluster cluster = KafkaCluster.start(dir.resolve("cluster"))) {
      LOG.info("router kill: cluster up after {} ms", millis(began));
      AgentCatalogue catalogue = AgentCatalogueFile.sample(Instant.now());
      List<Topic<?, ?>> topics = new ArrayList<>(Topics.all());
      topics.addAll(Topics.agentRequests(catalogue));
      try (Admin admin = Admin.create(Map.<String, Object>of(
          AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
        new TopicProvisioner(admin, (short) 3, Duration.ofSeconds(60)).ensure(topics);
      }
      String application = "router-kill-" + UUID.randomUUID().toString().substring(0, 8);
      submit(cluster, catalogue);
      Map<String, Integer> decided = new HashMap<>();

      try (KafkaConsumer<String, RoutingDecision> reader = reader(cluster)) {
        // given a router process mid-run: some decisions committed, most still to come
        Process victim = new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
            "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
            RouterProcess.class.getName(), cluster.bootstrapServers(), dir.resolve("victim").toString(), application)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("victim.log").toFile())
            .start();
        try {
          await().atMost(PATIENCE).until(() -> drain(reader, decided) >= 20);
          assertThat(decided.size()).as("decisions before the kill").isLessThan(MESSAGES);
          LOG.info("router kill: {} decisions before the kill, after {} ms", decided.size(), millis(began));
        } finally {
          // when it is killed without any chance to commit, abort or leave the group
          victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        // then a second instance finishes, and each message has exactly one committed decision
        RouterSettings settings = new RouterSettings(KafkaClients.plaintext(cluster.bootstrapServers()), application,
            dir.resolve("survivor"), RouterSettings.DEFAULT_COMMIT_INTERVAL, RouterProcess.FAST_FAILOVER);
        try (IntentRouterRunner survivor = new IntentRouterRunner(settings, new EmbeddingClassifier(model),
            new IntentDecider(FollowUpRule.defaults()), Clock.systemUTC())) {
          survivor.start();
          await().atMost(PATIENCE).until(() -> drain(reader, decided) >= MESSAGES);
          LOG.info("router kill: every message decided after {} ms", millis(began));
          // A duplicate would be committed by now or with the next commits.
          long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
          while (System.nanoTime() < settle) {
            drain(reader, decided);
          }
        }
      }
      assertThat(decided).hasSize(MESSAGES);
      assertThat(decided.values()).containsOnly(1);
    }
  }

  private static long millis(long since) {
    return java.time.Duration.ofNanos(System.nanoTime() - since).toMillis();
  }

  private static void submit(KafkaCluster cluster, AgentCatalogue catalogue) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.AGENTS_CATALOGUE.name(), utf8(Topics.CATALOGUE_KEY),
          ((JsonSerde<AgentCatalogue>) Topics.AGENTS_CATALOGUE.valueSerde()).toBytes(catalogue))).get();
      for (int i = 0; i < MESSAGES; i++) {
        producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), utf8("c" + (i % 50)),
            utf8("{\"id\":\"m" + i + "\",\"text\":\"Book me a flight to Berlin, trip " + i + "\"}")));
      }
      producer.flush();
    }
  }

  private static KafkaConsumer<String, RoutingDecision> reader(KafkaCluster cluster) {
    KafkaConsumer<String, RoutingDecision> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
        Topics.AGENTS_ROUTED.valueSerde().deserializer());
    consumer.subscribe(List.of(Topics.AGENTS_ROUTED.name()));
    return consumer;
  }

  /** Polls once, counting committed decisions by message id; returns how many distinct messages are decided. */
  private static int drain(KafkaConsumer<String, RoutingDecision> reader, Map<String, Integer> decided) {
    for (ConsumerRecord<String, RoutingDecision> record : reader.poll(Duration.ofMillis(200))) {
      if (record.value() != null) {
        decided.merge(record.value().messageId(), 1, Integer::sum);
      }
    }
    return decided.size();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
