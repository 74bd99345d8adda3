package io.tributary.streams.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextFormatTest {

  @Test
  void shouldRecogniseTextAndMarkdownWithParametersAndAnyCase() {
    assertThat(TextFormat.ofContentType("text/plain")).contains(TextFormat.PLAIN);
    assertThat(TextFormat.ofContentType("Text/Plain; charset=utf-8")).contains(TextFormat.PLAIN);
    assertThat(TextFormat.ofContentType("text/markdown;charset=UTF-8")).contains(TextFormat.MARKDOWN);
    assertThat(TextFormat.ofContentType(" text/markdown ")).contains(TextFormat.MARKDOWN);
  }

  @Test
  void shouldRecogniseNothingElse() {
    assertThat(TextFormat.ofContentType("text/html")).isEmpty();
    assertThat(TextFormat.ofContentType("application/pdf")).isEmpty();
    assertThat(TextFormat.ofContentType("text/plainish")).isEmpty();
    assertThat(TextFormat.ofContentType("")).isEmpty();
    assertThat(TextFormat.ofContentType(null)).isEmpty();
  }
}
