package io.tributary.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsumerGroupsTest {

  @Test
  void shouldNameProjectorGroupsAndProfilePipelines() {
    assertThat(ConsumerGroups.projector("rag")).isEqualTo("tributary-projector-rag");
    assertThat(ConsumerGroups.profilePipeline(ConsumerGroups.DOCUMENT_PIPELINE, "minilm-256-32"))
        .isEqualTo("tributary-document-pipeline-minilm-256-32");
  }
}
