package io.tributary.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldDeclareTheV1DocumentTopicsAsCompacted() {
    assertThat(Topics.DOCS_SUBMITTED.name()).isEqualTo("docs.submitted.v1");
    assertThat(Topics.DOCS_EMBEDDED.name()).isEqualTo("docs.embedded.v1");
    assertThat(Topics.DOCS_SUBMITTED.configs())
        .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    assertThat(Topics.DOCS_EMBEDDED.configs())
        .containsEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
  }

  @Test
  void shouldDeclareTheAcceptedDocumentsTopicLaidOutLikeTheSubmittedOne() {
    assertThat(Topics.DOCS_ACCEPTED.name()).isEqualTo("docs.accepted.v1");
    assertThat(Topics.DOCS_ACCEPTED.configs()).isEqualTo(Topics.DOCS_SUBMITTED.configs());
    assertThat(Topics.DOCS_ACCEPTED.partitions()).isEqualTo(Topics.DOCS_SUBMITTED.partitions());
    assertThat(Topics.all()).extracting(Topic::name).contains("docs.accepted.v1")
        .doesNotContain("docs.accepted.v1.dlq.v1");
  }

  @Test
  void shouldNameDeadLetterTopicAfterItsOriginAndKeepItUncompacted() {
    Topic<byte[], byte[]> dlq = Topics.DOCS_SUBMITTED.deadLetters();

    assertThat(dlq.name()).isEqualTo("docs.submitted.v1.dlq.v1");
    assertThat(dlq.compacted()).isFalse();
    assertThat(dlq.maxMessageBytes()).isEqualTo(Topics.DOCS_SUBMITTED.maxMessageBytes());
    assertThat(Topics.all()).extracting(Topic::name).doesNotHaveDuplicates().contains(dlq.name());
  }
}
