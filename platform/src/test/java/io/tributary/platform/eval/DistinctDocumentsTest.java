package io.tributary.platform.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctDocumentsTest {

  @Test
  void shouldRankEachDocumentByItsBestChunkAndStopAtTheLimit() {
    List<String> chunks = List.of("b", "a", "b", "c", "a", "d");

    assertThat(DistinctDocuments.of(chunks, 3)).containsExactly("b", "a", "c");
    assertThat(DistinctDocuments.of(chunks, 10)).containsExactly("b", "a", "c", "d");
  }
}
