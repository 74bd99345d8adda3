package io.tributary.projections.rag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeywordTextTest {

  @Test
  void shouldKeepAQueryWithoutExclusionsAsItIs() {
    KeywordText text = KeywordText.parse("how do I \"reset a password\" or recover it");

    assertThat(text.positive()).isEqualTo("how do I \"reset a password\" or recover it");
    assertThat(text.excludes()).isFalse();
  }

  @Test
  void shouldSplitOffExcludedWordsAndPhrases() {
    KeywordText text = KeywordText.parse("python  -snake install -\"virtual env\" pip");

    assertThat(text.positive()).isEqualTo("python install pip");
    assertThat(text.excluded()).isEqualTo("\"snake\" or \"virtual env\"");
    assertThat(text.excludes()).isTrue();
  }

  @Test
  void shouldTreatAHyphenInsideAWordOrAloneAsPartOfTheQuery() {
    KeywordText text = KeywordText.parse("dry-run - flag -\"");

    assertThat(text.positive()).isEqualTo("dry-run - flag");
    assertThat(text.excludes()).isFalse();
  }

  @Test
  void shouldKeepNegativeNumbersAndOptionsAsWordsWithoutTheirDashes() {
    KeywordText text = KeywordText.parse("Why does -22 // 10 return -3? with --dry-run");

    assertThat(text.positive()).isEqualTo("Why does 22 // 10 return 3? with dry-run");
    assertThat(text.excludes()).isFalse();
  }
}
