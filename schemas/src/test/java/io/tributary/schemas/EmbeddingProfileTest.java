package io.tributary.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.topics.Topics;
import org.junit.jupiter.api.Test;

class EmbeddingProfileTest {

  @Test
  void shouldNameTopicsAndApplicationsAfterTheModelAndTheChunking() {
    EmbeddingProfile profile = new EmbeddingProfile("openai", "Org/Text-Embedding 3_small", 384, 128, 16);

    assertThat(profile.id()).isEqualTo("org-text-embedding-3-small-c128o16");
    assertThat(Topics.docsEmbedded(profile).name()).isEqualTo("docs.embedded.org-text-embedding-3-small-c128o16.v1");
    assertThat(Topics.embeddedNamed(Topics.docsEmbedded(profile).name()).name())
        .isEqualTo(Topics.docsEmbedded(profile).name());
    assertThat(Topics.embeddedNamed("docs.embedded.v1")).isSameAs(Topics.DOCS_EMBEDDED);
  }

  @Test
  void shouldKeepIdsShortAndRefuseNonsense() {
    EmbeddingProfile long1 = new EmbeddingProfile("minilm", "m".repeat(200), 384, 256, 32);

    assertThat(long1.id()).hasSizeLessThanOrEqualTo(80).endsWith("-c256o32");
    assertThatThrownBy(() -> new EmbeddingProfile("minilm", "m", 384, 64, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EmbeddingProfile("other", "m", 384, 64, 8))
        .hasMessageContaining("minilm, bge-small or openai");
    assertThatThrownBy(() -> Topics.embeddedNamed("agents.messages.v1"))
        .hasMessageContaining("not an embedded-documents topic");
  }
}
