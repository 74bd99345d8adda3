package io.tributary.projections.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.KafkaCluster;
import io.tributary.projections.db.Database;
import io.tributary.projections.projector.OffsetStore;
import io.tributary.projections.projector.ProjectorConfig;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.projections.testing.RecordingProjection;
import io.tributary.schemas.topics.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * F1 on the projection path: a three-broker cluster (RF 3, min ISR 2) loses a broker to SIGKILL
 * while an idempotent producer writes and two projector instances apply; the broker comes back.
 * Checked against an oracle read from the topic itself: every produced value is on the topic
 * once, and every record on the topic is in the read model once.
 */
@Tag("fault")
@ExtendWith(EmbeddedPostgresExtension.class)
class BrokerKillTest {

  private static final Duration PATIENCE = Duration.ofMinutes(4);
  private static final int RECORDS = 20_000;
  private static final String NAME = "broker-kill";
  private static final String TOPIC = "fault.broker.kill.v1";

  @Test
  void shouldLoseAndDoubleNothingWhenABrokerIsKilledMidLoadAndRestarted(EmbeddedPostgres postgres,
      @TempDir Path dir) throws Exception {
    try (KafkaCluster cluster = KafkaCluster.start(dir);
        Database database = MigratedDatabase.create(postgres, "broker_kill")) {
      Jdbi jdbi = database.jdbi();
      RecordingProjection.createTable(jdbi);
      Topic<String, String> topic = new Topic<>(TOPIC, 6, false, Topic.DEFAULT_MAX_MESSAGE_BYTES,
          Serdes.String(), Serdes.String());
      try (Admin admin = admin(cluster)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 3).configs(Map.of("min.insync.replicas", "2")),
            new NewTopic(topic.deadLetters().name(), 1, (short) 3))).all().get(60, TimeUnit.SECONDS);
      }
      ProjectorConfig config = ProjectorConfig.of(KafkaClients.plaintext(cluster.bootstrapServers()))
          .withConsumerOverrides(Map.of("max.poll.records", "200"));
      AtomicInteger acknowledged = new AtomicInteger();
      AtomicReference<Exception> sendFailure = new AtomicReference<>();
      try (ProjectorRunner<String, String> a = new ProjectorRunner<>(new RecordingProjection(NAME, topic, "a"), jdbi,
              config);
          ProjectorRunner<String, String> b = new ProjectorRunner<>(new RecordingProjection(NAME, topic, "b"), jdbi,
              config)) {
        a.start();
        b.start();
        // given an idempotent producer writing the whole time
        Thread producer = Thread.ofPlatform().name("fault-producer").start(() ->
            produce(cluster, acknowledged, sendFailure));

        // when a broker is killed with SIGKILL once a third is written, and restarted once two thirds are
        await().atMost(PATIENCE).until(() -> acknowledged.get() >= RECORDS / 3
            && RecordingProjection.totalAndDistinct(jdbi)[0] > 0);
        cluster.kill(1);
        long appliedAtKill = RecordingProjection.totalAndDistinct(jdbi)[0];
        await().atMost(PATIENCE).until(() -> acknowledged.get() >= 2 * RECORDS / 3
            && RecordingProjection.totalAndDistinct(jdbi)[0] > appliedAtKill);
        cluster.restart(1);
        producer.join(PATIENCE.toMillis());

        // then the projectors reach the end of the topic
        assertThat(sendFailure.get()).isNull();
        assertThat(acknowledged.get()).isEqualTo(RECORDS);
        Map<TopicPartition, Long> ends = endOffsets(cluster);
        await().atMost(PATIENCE).until(() -> stored(jdbi).equals(ends));
      }

      // and the oracle from the topic agrees: each value once on the topic, each record once in Postgres
      Set<String> values = new HashSet<>();
      int onTopic = readAll(cluster, values);
      assertThat(onTopic).isEqualTo(RECORDS);
      assertThat(values).hasSize(RECORDS);
      long[] counts = RecordingProjection.totalAndDistinct(jdbi);
      assertThat(counts[0]).as("rows in the read model").isEqualTo(onTopic);
      assertThat(counts[1]).as("distinct records in the read model").isEqualTo(onTopic);
    }
  }

  private static void produce(KafkaCluster cluster, AtomicInteger acknowledged, AtomicReference<Exception> failure) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
        ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i), (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          } else {
            acknowledged.incrementAndGet();
          }
        });
        if (i % 500 == 499) {
          // Paced in rounds, so the kill lands while records are still being written.
          producer.flush();
        }
      }
      producer.flush();
    }
  }

  private static Map<TopicPartition, Long> stored(Jdbi jdbi) {
    return jdbi.withHandle(h -> new OffsetStore().load(h, NAME, TOPIC));
  }

  private static Map<TopicPartition, Long> endOffsets(KafkaCluster cluster) throws Exception {
    try (Admin admin = admin(cluster)) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < 6; p++) {
        request.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(request).all().get(60, TimeUnit.SECONDS)
          .forEach((partition, info) -> ends.put(partition, info.offset()));
      return ends;
    }
  }

  /** Reads the topic to its end; collects the values and returns how many records it holds. */
  private static int readAll(KafkaCluster cluster, Set<String> values) throws Exception {
    Map<TopicPartition, Long> ends = endOffsets(cluster);
    int count = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
        new StringDeserializer())) {
      consumer.assign(ends.keySet());
      consumer.seekToBeginning(ends.keySet());
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        assertThat(System.nanoTime()).as("read the topic to its end in time").isLessThan(deadline);
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
          count++;
        }
      }
    }
    return count;
  }

  private static Admin admin(KafkaCluster cluster) {
    return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
  }
}
