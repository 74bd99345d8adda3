package io.tributary.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.topics.Topics;
import org.junit.jupiter.api.Test;

class TopicBodyLimitTest {

  @Test
  void shouldLeaveRoomForTheEnvelopeUnderTheTopicsMaxMessageBytes() {
    long documents = TopicBodyLimit.of(Topics.DOCS_SUBMITTED, 8 * 1024 * 1024);
    long intents = TopicBodyLimit.of(Topics.AGENTS_MESSAGES, 8 * 1024 * 1024);

    assertThat(documents).isEqualTo(Topics.DOCS_SUBMITTED.maxMessageBytes() - TopicBodyLimit.ENVELOPE_BYTES);
    assertThat(intents).isEqualTo(Topics.AGENTS_MESSAGES.maxMessageBytes() - TopicBodyLimit.ENVELOPE_BYTES);
  }

  @Test
  void shouldKeepASmallerConfiguredLimit() {
    assertThat(TopicBodyLimit.of(Topics.DOCS_SUBMITTED, 64 * 1024)).isEqualTo(64 * 1024);
  }
}
