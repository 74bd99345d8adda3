package io.tributary.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicLayoutTest {

  @Test
  void shouldReplicateThreeTimesWithMinIsrTwoOnThreeOrMoreBrokers() {
    TopicSpec spec = TopicSpec.of(Topics.AGENTS_MESSAGES, TopicLayout.defaults(), 5);

    assertThat(spec.replicationFactor()).isEqualTo((short) 3);
    assertThat(spec.configs()).containsEntry("min.insync.replicas", "2");
  }

  @Test
  void shouldReplicateOnEveryBrokerOfASmallerCluster() {
    TopicSpec spec = TopicSpec.of(Topics.AGENTS_MESSAGES, TopicLayout.defaults(), 1);

    assertThat(spec.replicationFactor()).isEqualTo((short) 1);
    assertThat(spec.configs()).containsEntry("min.insync.replicas", "1");
  }

  @Test
  void shouldGiveScalableTopicsTheConfiguredPartitionsAndKeepTheCatalogueTopicAtOne() {
    TopicLayout layout = new TopicLayout(24, TopicLayout.AUTOMATIC);

    assertThat(layout.partitionsOf(Topics.DOCS_SUBMITTED)).isEqualTo(24);
    assertThat(layout.partitionsOf(Topics.AGENTS_CATALOGUE)).isEqualTo(1);
    assertThat(TopicLayout.catalogue((short) 1).partitionsOf(Topics.DOCS_SUBMITTED)).isEqualTo(12);
  }

  @Test
  void shouldKeepTombstonesForTheDocumentedWindowOnCompactedTopics() {
    assertThat(Topics.DOCS_SUBMITTED.configs())
        .containsEntry("cleanup.policy", "compact")
        .containsEntry("delete.retention.ms", Long.toString(TopicRetention.TOMBSTONE_WINDOW.toMillis()))
        .containsEntry("min.compaction.lag.ms", Long.toString(TopicRetention.MIN_COMPACTION_LAG.toMillis()));
  }

  @Test
  void shouldGiveDeletePolicyTopicsAnExplicitRetention() {
    assertThat(Topics.AGENTS_ROUTED.configs()).containsEntry("retention.ms",
        Long.toString(TopicRetention.EVENTS.toMillis()));
    assertThat(Topics.DOCS_SUBMITTED_DLQ.configs()).containsEntry("retention.ms",
        Long.toString(TopicRetention.DEAD_LETTERS.toMillis()));
  }
}
