package io.tributary.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both sides of the ingest comparison are credited with the words a reader sees, counted once. */
class BenchCorpusTest {

  @Test
  void shouldCountTheWordsOfHtmlWithoutItsMarkup(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("a.html"),
        "<html><head><title>Two words</title></head><body><p>three more <b>words</b></p></body></html>");
    Files.writeString(root.resolve("b.md"), "# Heading\n\nfour words in markdown");

    BenchCorpus corpus = BenchCorpus.load(root, 0);

    assertThat(corpus.files()).extracting(p -> p.getFileName().toString()).containsExactly("a.html", "b.md");
    assertThat(corpus.words()).isEqualTo(5 + 6);
  }

  @Test
  void shouldTakeEveryNthFileWhenASampleIsAsked(@TempDir Path root) throws Exception {
    for (int i = 0; i < 10; i++) {
      Files.writeString(root.resolve("f" + i + ".txt"), "word " + i);
    }

    assertThat(BenchCorpus.load(root, 5).files()).hasSize(5);
    assertThat(BenchCorpus.load(root, 0).files()).hasSize(10);
  }

  @Test
  void shouldSayHowToGetTheDefaultCorpusWhenTheFolderIsMissing(@TempDir Path root) {
    assertThatThrownBy(() -> BenchCorpus.load(root.resolve("missing"), 0))
        .hasMessageContaining("apt-get install postgresql-doc-15");
  }
}
