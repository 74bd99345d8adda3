package io.tributary.monitoring.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.schemas.kafka.KafkaClients;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The collector against a real broker and Postgres: stopped consumers, deleted records, projector offsets. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class KafkaLagSourceTest {

  private static final LagSettings SETTINGS = new LagSettings(Duration.ofMillis(200), Duration.ofSeconds(1),
      Duration.ofSeconds(1), 20, 100, Duration.ofSeconds(10));

  private static EmbeddedKafka kafka;
  private static Admin admin;
  private static Database database;
  private static LagCollector collector;

  @BeforeAll
  static void start(EmbeddedKafka embeddedKafka, TestDatabase db) {
    kafka = embeddedKafka;
    admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    database = new Database(db.jdbcUrl());
    Migrations.apply(database.dataSource());
    OldestRecordProbe probe = new OldestRecordProbe(KafkaClients.plaintext(kafka.bootstrapServers()), "lag-test-probe", Duration.ofSeconds(5));
    collector = new LagCollector(new KafkaLagSource(admin, Set.of("lag-streams-app"),
        new ProjectionPositions(database.jdbi()), probe, Duration.ofSeconds(10)), SETTINGS, new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    collector.close();
    admin.close();
    database.close();
  }

  private static String topic(String prefix, int partitions) {
    String name = prefix + "-" + UUID.randomUUID();
    kafka.createTopics(partitions, name);
    return name;
  }

  private static void produce(String topic, int partition, int count) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i));
      }
      producer.flush();
    }
  }

  private static void commit(String group, String topic, int partition, long offset) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, group),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.commitSync(Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
    }
  }

  private static PartitionLag partition(LagSnapshot snapshot, String group, int partition) {
    return snapshot.partitions().stream().filter(p -> p.group().equals(group) && p.partition() == partition)
        .findFirst().orElseThrow(() -> new AssertionError("no partition " + partition + " of " + group));
  }

  @Test
  void shouldShowGrowingTimeLagAndAStallForAConsumerThatStopped() {
    // Given: a group that consumed 4 of 10 records, committed, and went away
    String topic = topic("lag-stop", 1);
    String group = "lag-stop-" + UUID.randomUUID();
    produce(topic, 0, 10);
    commit(group, topic, 0, 4);

    // When: the collector samples while nothing consumes
    PartitionLag first = partition(collector.sample(), group, 0);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> partition(collector.sample(), group, 0).stalled());
    LagSnapshot later = collector.latest();
    PartitionLag last = partition(later, group, 0);

    // Then: offsets stay, seconds grow, the stall is flagged and the group rolled up
    assertThat(first.committedOffset()).isEqualTo(4);
    assertThat(first.endOffset()).isEqualTo(10);
    assertThat(first.lagOffsets()).isEqualTo(6);
    assertThat(first.kind()).isEqualTo(GroupKind.CONSUMER);
    assertThat(last.lagOffsets()).isEqualTo(6);
    assertThat(last.lagSeconds()).isGreaterThan(first.lagSeconds());
    assertThat(last.trend().secondsPerSecond()).isGreaterThan(0.5);
    GroupLag rolled = later.group(group).orElseThrow();
    assertThat(rolled.stalled()).isTrue();
    assertThat(rolled.members()).isZero();
    assertThat(rolled.state()).isEqualTo("Empty");
    System.out.printf("stopped consumer: lag %d offsets, %.1f s -> %.1f s, trend %.2f s/s%n", last.lagOffsets(),
        first.lagSeconds(), last.lagSeconds(), last.trend().secondsPerSecond());
  }

  @Test
  void shouldFlagRetentionRiskAndThenLossAsTheLogStartAdvances() throws Exception {
    // Given: a group at offset 10 of 100 records
    String topic = topic("lag-retention", 1);
    String group = "lag-streams-app";
    produce(topic, 0, 100);
    commit(group, topic, 0, 10);
    TopicPartition partition = new TopicPartition(topic, 0);

    // When: retention deletes up to offset 5 (within the margin of 20), then up to 50 (past the group)
    deleteBefore(partition, 5);
    PartitionLag atRisk = partition(collector.sample().only(group), group, 0);
    deleteBefore(partition, 50);
    PartitionLag lost = partition(collector.sample().only(group), group, 0);

    // Then
    assertThat(atRisk.logStartOffset()).isEqualTo(5);
    assertThat(atRisk.retention()).isEqualTo(Retention.AT_RISK);
    assertThat(atRisk.kind()).isEqualTo(GroupKind.STREAMS);
    assertThat(lost.logStartOffset()).isEqualTo(50);
    assertThat(lost.retention()).isEqualTo(Retention.DATA_LOST);
    assertThat(lost.lagSeconds()).as("age of the first record still in the log").isPositive();
    assertThat(lost.lagOffsets()).isEqualTo(90);
    assertThat(collector.latest().group(group).orElseThrow().retention()).isEqualTo(Retention.DATA_LOST);
  }

  private static void deleteBefore(TopicPartition partition, long offset) throws InterruptedException, ExecutionException {
    admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(offset))).all().get();
  }

  @Test
  void shouldStillReportKafkaGroupsWhenPostgresCannotBeRead(TestDatabase db) {
    // Given: a group in Kafka, and a database pool that is gone
    String topic = topic("lag-partial", 1);
    String group = "lag-partial-" + UUID.randomUUID();
    produce(topic, 0, 3);
    commit(group, topic, 0, 1);
    Database gone = new Database(db.jdbcUrl());
    gone.close();
    KafkaLagSource source = new KafkaLagSource(admin, Set.of(), new ProjectionPositions(gone.jdbi()),
        new OldestRecordProbe(KafkaClients.plaintext(kafka.bootstrapServers()), "lag-partial-probe", Duration.ofSeconds(5)),
        Duration.ofSeconds(10));

    // When
    LagReading reading;
    try (source) {
      reading = source.read(java.time.Instant.now());
    }

    // Then: the Kafka side is complete and the gap is named
    assertThat(reading.partitions()).anyMatch(p -> p.group().equals(group) && p.offsetLag() == 2);
    assertThat(reading.problems()).singleElement().asString().contains("projector offsets unreadable");
  }

  @Test
  void shouldReadProjectionLagFromTheOffsetsStoredInPostgres() {
    // Given: a projector that stored offset 2 of partition 0 and nothing for partition 1
    String topic = topic("lag-projection", 2);
    produce(topic, 0, 5);
    produce(topic, 1, 3);
    String projection = "lagtest-" + UUID.randomUUID().toString().substring(0, 8);
    database.jdbi().useHandle(handle -> handle.execute(
        "INSERT INTO ops.projection_offsets (projection, topic, partition, next_offset) VALUES (?, ?, 0, 2)",
        projection, topic));

    // When
    LagSnapshot snapshot = collector.sample();

    // Then
    String group = "tributary-projector-" + projection;
    PartitionLag first = partition(snapshot, group, 0);
    PartitionLag second = partition(snapshot, group, 1);
    assertThat(first.kind()).isEqualTo(GroupKind.PROJECTION);
    assertThat(first.committedOffset()).isEqualTo(2);
    assertThat(first.lagOffsets()).isEqualTo(3);
    assertThat(second.committedOffset()).isZero();
    assertThat(second.lagOffsets()).isEqualTo(3);
    assertThat(snapshot.group(group).orElseThrow().lagOffsets()).isEqualTo(6);
  }
}
