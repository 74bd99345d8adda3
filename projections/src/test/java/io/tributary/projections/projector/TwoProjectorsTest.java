package io.tributary.projections.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.schemas.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.projections.testing.RecordingProjection;
import io.tributary.projections.testing.TestTopics;
import io.tributary.schemas.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of one projection on one broker: the group divides the partitions between them,
 * each partition's batches commit under that partition's lock only, and when one instance stops
 * mid-load the other takes its partitions over. Every record reaches the read model exactly once.
 */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class TwoProjectorsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final int RECORDS = 20_000;
  private static final String NAME = "two-projectors";

  private final EmbeddedKafka kafka;
  private final EmbeddedPostgres postgres;
  private TestTopics topics;
  private Database database;
  private Jdbi jdbi;

  TwoProjectorsTest(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    this.kafka = kafka;
    this.postgres = postgres;
  }

  @BeforeEach
  void setUp() {
    topics = new TestTopics(kafka);
    database = MigratedDatabase.create(postgres, "two_projectors");
    jdbi = database.jdbi();
    RecordingProjection.createTable(jdbi);
  }

  @AfterEach
  void tearDown() {
    database.close();
    topics.close();
  }

  @Test
  void shouldDivideThePartitionsAndApplyEveryRecordOnceWhenOneInstanceStops() {
    Topic<String, String> topic = new Topic<>("two.projectors." + UUID.randomUUID().toString().substring(0, 8), 6,
        false, Topic.DEFAULT_MAX_MESSAGE_BYTES, Serdes.String(), Serdes.String());
    topics.create(topic);
    topics.create(topic.deadLetters());
    ProjectorConfig config = ProjectorConfig.of(KafkaClients.plaintext(kafka.bootstrapServers()))
        .withConsumerOverrides(Map.of("max.poll.records", "200"));
    ProjectorRunner<String, String> a = new ProjectorRunner<>(new RecordingProjection(NAME, topic, "a"), jdbi, config);
    ProjectorRunner<String, String> b = new ProjectorRunner<>(new RecordingProjection(NAME, topic, "b"), jdbi, config);
    try (a; b) {
      // given two instances of one projection, both assigned partitions before any record arrives
      // (else the first to join may take every partition and apply everything alone), and half
      // the records on the topic
      a.start();
      b.start();
      try (Admin admin = KafkaClients.plaintext(kafka.bootstrapServers()).admin("two-projectors-test")) {
        // The group exists only once the first member joins; until then describing it fails.
        await().atMost(PATIENCE).ignoreExceptionsInstanceOf(ExecutionException.class)
            .until(() -> assignedMembers(admin, ProjectorRunner.groupId(NAME)) == 2);
      }
      produce(topic, 0, RECORDS / 2);
      await().atMost(PATIENCE).until(() -> appliedBy("a") > 0 && appliedBy("b") > 0);

      // when instance A stops while the rest arrives
      a.close();
      produce(topic, RECORDS / 2, RECORDS);

      // then B catches up to the end, and the read model holds every record exactly once
      await().atMost(PATIENCE).until(() -> stored(topic).equals(topics.endOffsets(topic)));
    }
    long[] counts = RecordingProjection.totalAndDistinct(jdbi);
    assertThat(counts[0]).isEqualTo(RECORDS);
    assertThat(counts[1]).isEqualTo(RECORDS);
    assertThat(appliedBy("a")).isPositive();
    assertThat(appliedBy("b")).isPositive();
  }

  private Map<TopicPartition, Long> stored(Topic<?, ?> topic) {
    return jdbi.withHandle(h -> new OffsetStore().load(h, NAME, topic.name()));
  }

  private long appliedBy(String instance) {
    return RecordingProjection.appliedBy(jdbi, instance);
  }

  /** Sends records {@code from..to-1} without waiting for each, then waits for all of them. */
  private void produce(Topic<String, String> topic, int from, int to) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), new StringSerializer())) {
      for (int i = from; i < to; i++) {
        producer.send(new ProducerRecord<>(topic.name(), "k" + i, "v" + i));
      }
      producer.flush();
    }
  }

  private static long assignedMembers(Admin admin, String group) throws Exception {
    return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
        .filter(member -> !member.assignment().topicPartitions().isEmpty())
        .count();
  }
}
