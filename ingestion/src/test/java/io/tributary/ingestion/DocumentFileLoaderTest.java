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

  @Test
  void shouldLoadHtmlAsTextAndPdfAsBase64Bytes(@TempDir Path root) throws Exception {
    byte[] pdf = {'%', 'P', 'D', 'F', '-', '1', '.', '7', (byte) 0xE2, (byte) 0xE3};
    Files.writeString(root.resolve("page.html"), "<h1>Hi</h1>");
    Files.write(root.resolve("report.pdf"), pdf);

    List<SubmittedDocument> docs = loader.loadAll(root);

    assertThat(docs).extracting(SubmittedDocument::contentType).containsExactly("text/html", "application/pdf");
    assertThat(docs.get(0).text()).isEqualTo("<h1>Hi</h1>");
    assertThat(docs.get(1).text()).isNull();
    assertThat(java.util.Base64.getDecoder().decode(docs.get(1).contentBase64())).isEqualTo(pdf);
    assertThat(docs.get(1).title()).isEqualTo("report");
  }
}
