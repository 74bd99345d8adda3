package io.tributary.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.TopicChange;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicPlan;
import io.tributary.schemas.topics.TopicReconciler;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code tributary topics} against a real broker: what it plans, what it applies, what it never touches. */
@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class TopicReconcilerTest {

  private static final TopicLayout FOUR_PARTITIONS = new TopicLayout(4, TopicLayout.AUTOMATIC);

  @Test
  void shouldCreateAMissingTopicWithItsDurabilitySettings(EmbeddedKafka kafka) {
    Topic<String, String> topic = compacted("reconcile-create-" + UUID.randomUUID());
    try (Admin admin = admin(kafka)) {
      TopicReconciler reconciler = new TopicReconciler(admin, FOUR_PARTITIONS, Duration.ofSeconds(30));

      reconciler.apply(reconciler.plan(List.of(topic)), false);

      // The broker's metadata shows a created topic a moment after the create returns.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(reconciler.plan(List.of(topic)).changes())
          .as("created as specified, nothing left to do").isEmpty());
    }
  }

  @Test
  void shouldSetDriftedConfigsAndRaisePartitionsOnlyWhenAsked(EmbeddedKafka kafka) {
    Topic<String, String> topic = compacted("reconcile-drift-" + UUID.randomUUID());
    kafka.createTopics(2, topic.name());
    try (Admin admin = admin(kafka)) {
      TopicReconciler reconciler = new TopicReconciler(admin, FOUR_PARTITIONS, Duration.ofSeconds(30));
      TopicPlan plan = reconciler.plan(List.of(topic));
      assertThat(plan.changes()).contains(new TopicChange.RaisePartitions(topic.name(), 2, 4))
          .anyMatch(c -> c instanceof TopicChange.SetConfig set && set.key().equals("delete.retention.ms"))
          .anyMatch(c -> c instanceof TopicChange.SetConfig set && set.key().equals("cleanup.policy"));

      reconciler.apply(plan, false);

      assertThat(reconciler.plan(List.of(topic)).changes())
          .containsExactly(new TopicChange.RaisePartitions(topic.name(), 2, 4));

      reconciler.apply(reconciler.plan(List.of(topic)), true);

      assertThat(reconciler.plan(List.of(topic)).changes()).isEmpty();
    }
  }

  @Test
  void shouldNeverLowerPartitions(EmbeddedKafka kafka) {
    Topic<String, String> topic = compacted("reconcile-more-" + UUID.randomUUID());
    try (Admin admin = admin(kafka)) {
      TopicReconciler wide = new TopicReconciler(admin, new TopicLayout(6, TopicLayout.AUTOMATIC), Duration.ofSeconds(30));
      wide.apply(wide.plan(List.of(topic)), false);
      TopicReconciler narrow = new TopicReconciler(admin, FOUR_PARTITIONS, Duration.ofSeconds(30));

      TopicPlan plan = narrow.plan(List.of(topic));
      narrow.apply(plan, true);

      assertThat(plan.changes()).containsExactly(new TopicChange.KeepPartitions(topic.name(), 6, 4));
      assertThat(narrow.plan(List.of(topic)).changes()).containsExactly(new TopicChange.KeepPartitions(topic.name(), 6, 4));
    }
  }

  private static Topic<String, String> compacted(String name) {
    return new Topic<>(name, 3, true, Topic.DEFAULT_MAX_MESSAGE_BYTES, Serdes.String(), Serdes.String());
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return KafkaClients.plaintext(kafka.bootstrapServers()).admin("reconciler-test");
  }
}
