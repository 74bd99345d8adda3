package io.tributary.platform.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class EvalQuestionsTest {

  @Test
  void shouldReadQuestionsWithDocumentOrDocumentIdAndSkipBlankLines() throws Exception {
    String lines = """
        {"question": "How do I reset it?", "document": "faq/reset.md"}

        {"question": "Where is the log?", "document_id": "doc-7"}
        """;

    var questions = EvalQuestions.read(new BufferedReader(new StringReader(lines)), "set.jsonl");

    assertThat(questions).containsExactly(new EvalQuestion("How do I reset it?", "faq/reset.md"),
        new EvalQuestion("Where is the log?", "doc-7"));
  }

  @Test
  void shouldNameTheLineOfAMalformedEntry() {
    String lines = "{\"question\": \"ok\", \"document\": \"a\"}\n{\"question\": \"no document\"}\n";

    assertThatThrownBy(() -> EvalQuestions.read(new BufferedReader(new StringReader(lines)), "set.jsonl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("set.jsonl:2:");
  }

  @Test
  void shouldNameDocumentsBySourceWithoutScheme() {
    assertThat(CorpusDocument.nameOf("file:faq/reset.md")).isEqualTo("faq/reset.md");
    assertThat(CorpusDocument.nameOf("sample:onboarding.md")).isEqualTo("onboarding.md");
    assertThat(CorpusDocument.nameOf("reset.md")).isEqualTo("reset.md");
  }
}
