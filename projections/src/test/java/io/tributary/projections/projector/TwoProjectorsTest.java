package io.tributary.projections.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.testing.ProjectorFixture;
import io.tributary.projections.testing.RecordingProjection;
import io.tributary.schemas.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AutoClose;
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

  @AutoClose
  private final ProjectorFixture fixture;

  TwoProjectorsTest(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    fixture = new ProjectorFixture(kafka, postgres, "two_projectors");
  }

  @BeforeEach
  void createTable() {
    RecordingProjection.createTable(fixture.jdbi());
  }

  @Test
  void shouldDivideThePartitionsAndApplyEveryRecordOnceWhenOneInstanceStops() {
    Topic<String, String> topic = new Topic<>("two.projectors." + UUID.randomUUID().toString().substring(0, 8), 6,
        false, Topic.DEFAULT_MAX_MESSAGE_BYTES, Serdes.String(), Serdes.String());
    fixture.topics().create(topic);
    fixture.topics().create(topic.deadLetters());
    // The default back-off, unlike fixture.config's: nothing here fails on purpose.
    ProjectorConfig config = ProjectorConfig.of(fixture.clients())
        .withConsumerOverrides(Map.of("max.poll.records", "200"));
    ProjectorRunner<String, String> a =
        new ProjectorRunner<>(new RecordingProjection(NAME, topic, "a"), fixture.jdbi(), config);
    ProjectorRunner<String, String> b =
        new ProjectorRunner<>(new RecordingProjection(NAME, topic, "b"), fixture.jdbi(), config);
    try (a; b) {
      // given two instances of one projection, both assigned partitions before any record arrives
      // (else the first to join may take every partition and apply everything alone), and half
      // the records on the topic
      a.start();
      b.start();
      try (Admin admin = fixture.clients().admin("two-projectors-test")) {
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
      await().atMost(PATIENCE).until(() -> stored(topic).equals(fixture.topics().endOffsets(topic)));
    }
    long[] counts = RecordingProjection.totalAndDistinct(fixture.jdbi());
    assertThat(counts[0]).isEqualTo(RECORDS);
    assertThat(counts[1]).isEqualTo(RECORDS);
    assertThat(appliedBy("a")).isPositive();
    assertThat(appliedBy("b")).isPositive();
  }

  private Map<TopicPartition, Long> stored(Topic<?, ?> topic) {
    return fixture.jdbi().withHandle(h -> new OffsetStore().load(h, NAME, topic.name()));
  }

  private long appliedBy(String instance) {
    return RecordingProjection.appliedBy(fixture.jdbi(), instance);
  }

  /** Sends records {@code from..to-1} without waiting for each, then waits for all of them. */
  private void produce(Topic<String, String> topic, int from, int to) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.clients().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"),
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
