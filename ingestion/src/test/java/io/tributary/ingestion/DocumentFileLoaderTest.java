package io.tributary.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.schemas.documents.SubmittedDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentFileLoaderTest {

  private final DocumentFileLoader loader =
      new DocumentFileLoader("acme", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void shouldLoadMarkdownAndTextFilesAndSkipOthers(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("a.md"), "# Alpha guide\n\nBody.");
    Files.writeString(root.resolve("sub/b.txt"), "plain words");
    Files.writeString(root.resolve("c.bin"), "ignored");

    List<SubmittedDocument> docs = loader.loadAll(root);

    assertThat(docs).extracting(SubmittedDocument::contentType).containsExactly("text/markdown", "text/plain");
    assertThat(docs).extracting(SubmittedDocument::title).containsExactly("Alpha guide", "b");
    assertThat(docs).extracting(SubmittedDocument::tenant).containsOnly("acme");
    assertThat(docs.get(1).source()).isEqualTo("file:sub/b.txt");
  }

  @Test
  void shouldGiveTheSameFileTheSameIdOnEveryLoad(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("a.md"), "v1");
    String first = loader.loadAll(root).getFirst().id();
    Files.writeString(root.resolve("a.md"), "v2 changed");

    assertThat(loader.loadAll(root).getFirst().id()).isEqualTo(first);
  }
}
