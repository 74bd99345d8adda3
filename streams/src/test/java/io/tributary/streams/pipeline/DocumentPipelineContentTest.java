package io.tributary.streams.pipeline;

import static io.tributary.streams.pipeline.PipelineDriver.document;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.embedding.MiniLmExtension;
import io.tributary.streams.parsing.Pdfs;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Content types and chunking strategies through the production topology, measured by MiniLM's tokenizer. */
@ExtendWith(MiniLmExtension.class)
class DocumentPipelineContentTest {

  private static final String MARKDOWN = """
      # Kettle

      Descale the kettle monthly.

      ## Vinegar

      Use white vinegar and rinse twice.
      """;

  private final OnnxEmbedder model;
  private PipelineDriver pipeline;

  DocumentPipelineContentTest(OnnxEmbedder model) {
    this.model = model;
  }

  @BeforeEach
  void startPipeline(@TempDir Path stateDir) {
    Embedder embedder = new RecordingEmbedder(model);
    pipeline = new PipelineDriver(
        PipelineDriver.components(embedder).withChunking(ChunkingPolicy.fillingWindow(model)), stateDir);
  }

  @AfterEach
  void closePipeline() {
    pipeline.close();
  }

  @Test
  void shouldChunkMarkdownByHeadingsAndRecordEveryChunksCoordinates() {
    Map<String, Object> fields = document("doc-md", MARKDOWN);
    fields.put("content_type", "text/markdown");

    pipeline.pipe(fields);

    EmbeddedDocument doc = pipeline.embedded.readValue();
    assertThat(doc.chunks()).extracting(EmbeddedChunk::text)
        .containsExactly("Descale the kettle monthly.", "Use white vinegar and rinse twice.");
    assertThat(doc.chunks()).extracting(EmbeddedChunk::headingPath)
        .containsExactly(List.of("Kettle"), List.of("Kettle", "Vinegar"));
    for (EmbeddedChunk chunk : doc.chunks()) {
      assertThat(chunk.documentId()).isEqualTo("doc-md");
      assertThat(chunk.version()).isEqualTo(1L);
      assertThat(chunk.total()).isEqualTo(2);
      assertThat(chunk.page()).isNull();
      assertThat(MARKDOWN.substring(chunk.charStart(), chunk.charEnd())).isEqualTo(chunk.text());
    }
  }

  @Test
  void shouldUseTheStrategyTheProducerAsksFor() {
    Map<String, Object> fields = document("doc-md", MARKDOWN);
    fields.put("content_type", "text/markdown");
    fields.put("chunking", "paragraph");

    pipeline.pipe(fields);

    EmbeddedDocument doc = pipeline.embedded.readValue();
    // Paragraph packing reads '#' lines as text and fills the window: one chunk, no heading path.
    assertThat(doc.chunks()).singleElement().satisfies(chunk -> {
      assertThat(chunk.text()).startsWith("# Kettle").endsWith("rinse twice.");
      assertThat(chunk.headingPath()).isEmpty();
    });
  }

  @Test
  void shouldEmitANewVersionWhenOnlyTheChunkingStrategyChanges() {
    Map<String, Object> fields = document("doc-1", MARKDOWN);
    fields.put("content_type", "text/markdown");
    pipeline.pipe(fields);
    fields.put("chunking", "window");

    pipeline.pipe(fields);

    List<EmbeddedDocument> versions = pipeline.embedded.readValuesToList();
    assertThat(versions).extracting(EmbeddedDocument::version).containsExactly(1L, 2L);
    assertThat(versions.get(1).chunks()).allSatisfy(chunk -> assertThat(chunk.headingPath()).isEmpty());
  }

  @Test
  void shouldKeepHtmlHeadingsAsTheHeadingPath() {
    Map<String, Object> fields = document("doc-html",
        "<html><body><h1>Kettle</h1><p>Descale monthly.</p><h2>Vinegar</h2><p>Rinse twice.</p>"
            + "<script>never()</script></body></html>");
    fields.put("content_type", "text/html");

    pipeline.pipe(fields);

    EmbeddedDocument doc = pipeline.embedded.readValue();
    assertThat(doc.contentType()).isEqualTo("text/html");
    assertThat(doc.chunks()).extracting(EmbeddedChunk::text).containsExactly("Descale monthly.", "Rinse twice.");
    assertThat(doc.chunks()).extracting(EmbeddedChunk::headingPath)
        .containsExactly(List.of("Kettle"), List.of("Kettle", "Vinegar"));
  }

  @Test
  void shouldChunkAPdfPageByPageWithThePageNumberInEveryChunk() {
    byte[] pdf = Pdfs.withPages(List.of(
        List.of("Descale the kettle monthly."),
        List.of("Use white vinegar.", "Rinse twice.")));
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    fields.put("id", "doc-pdf");
    fields.put("content_type", "application/pdf");
    fields.put("content_base64", Base64.getEncoder().encodeToString(pdf));

    pipeline.pipe(fields);

    EmbeddedDocument doc = pipeline.embedded.readValue();
    assertThat(doc.chunks()).hasSize(2);
    assertThat(doc.chunks()).extracting(EmbeddedChunk::page).containsExactly(1, 2);
    assertThat(doc.chunks().get(0).text()).isEqualTo("Descale the kettle monthly.");
    assertThat(doc.chunks().get(1).text()).contains("Use white vinegar.", "Rinse twice.");
    assertThat(doc.chunks().get(1).charStart()).isGreaterThan(doc.chunks().get(0).charEnd());
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
  }
}
