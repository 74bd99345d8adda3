package io.tributary.schemas.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentHashTest {

  @Test
  void shouldHashContentTypeNewlineAndTextAsUtf8() {
    // Expected values from `printf 'text/plain\nhello' | sha256sum`.
    assertThat(ContentHash.of("text/plain", "hello"))
        .isEqualTo("564a2c8a09390052a4de28a895d914b11fd2214436256ff2f18dbed18e5fe724");
    assertThat(ContentHash.of("text/markdown", "Grüße"))
        .isEqualTo("11214935ab96712b12fbb99b1d428db6e995b6198aa2a988713fc2ba8bf05938");
  }

  @Test
  void shouldDifferWhenOnlyTheContentTypeDiffers() {
    assertThat(ContentHash.of("text/plain", "same")).isNotEqualTo(ContentHash.of("text/markdown", "same"));
  }
}
