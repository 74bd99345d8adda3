package io.tributary.streams.pipeline;

import io.tributary.schemas.documents.ContentHash;
import static io.tributary.streams.pipeline.PipelineDriver.NOW;
import static io.tributary.streams.pipeline.PipelineDriver.RECORD_TIME;
import static io.tributary.streams.pipeline.PipelineDriver.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.streams.chunking.Chunk;
import io.tributary.streams.chunking.ParagraphChunker;
import io.tributary.streams.chunking.TextFormat;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MiniLmExtension.class)
class DocumentPipelineTest {

  private static final String TEXT = """
      Kafka Streams keeps state in local stores that are backed by compacted changelog topics, so \
      an instance that fails can be replaced and its state restored from the log. Exactly-once \
      processing ties the consumed offsets, the store updates and the produced records together.

      Embeddings turn text into vectors whose distance reflects meaning. A small model such as \
      MiniLM runs in process on a CPU, which keeps the walking skeleton free of network calls and \
      makes every test reproducible on a laptop without credentials.

      Chunking decides what a vector stands for. Paragraph-aware packing keeps related sentences \
      together, and a little overlap between chunks keeps a sentence that straddles a boundary \
      findable from both sides.
      """;

  private final Embedder model;
  private final ParagraphChunker chunker = ParagraphChunker.defaults();
  private RecordingEmbedder embedder;
  private PipelineDriver pipeline;

  DocumentPipelineTest(Embedder model) {
    this.model = model;
  }

  @BeforeEach
  void startPipeline(@TempDir Path stateDir) {
    embedder = new RecordingEmbedder(model);
    pipeline = new PipelineDriver(embedder, stateDir);
  }

  @AfterEach
  void closePipeline() {
    pipeline.close();
  }

  @Test
  void shouldEmbedANewDocumentAsVersionOneInOneBatch() {
    Map<String, Object> fields = document("doc-1", TEXT);
    fields.put("title", "Streams notes");
    fields.put("tenant", "acme");
    fields.put("metadata", Map.of("lang", "en"));

    pipeline.pipe(fields);

    TestRecord<String, EmbeddedDocument> record = pipeline.embedded.readRecord();
    EmbeddedDocument doc = record.value();
    List<Chunk> expectedChunks = chunker.chunk(TEXT, TextFormat.PLAIN);
    List<float[]> expectedVectors = model.embed(expectedChunks.stream().map(Chunk::text).toList());
    assertThat(record.key()).isEqualTo("acme/doc-1");
    assertThat(doc.id()).isEqualTo("doc-1");
    assertThat(doc.tenant()).isEqualTo("acme");
    assertThat(doc.title()).isEqualTo("Streams notes");
    assertThat(doc.metadata()).isEqualTo(Map.of("lang", "en"));
    assertThat(doc.version()).isEqualTo(1);
    assertThat(doc.contentHash()).isEqualTo(ContentHash.of("text/plain", TEXT));
    assertThat(doc.model()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(doc.dimensions()).isEqualTo(384);
    assertThat(doc.submittedAt()).isEqualTo(RECORD_TIME);
    assertThat(doc.embeddedAt()).isEqualTo(NOW);
    assertThat(expectedChunks).hasSizeGreaterThan(1);
    assertThat(doc.chunks()).hasSameSizeAs(expectedChunks);
    for (int i = 0; i < expectedChunks.size(); i++) {
      Chunk expected = expectedChunks.get(i);
      EmbeddedChunk actual = doc.chunks().get(i);
      assertThat(actual.index()).isEqualTo(expected.index());
      assertThat(actual.text()).isEqualTo(expected.text());
      assertThat(actual.headingPath()).isEqualTo(expected.headingPath());
      assertThat(actual.charStart()).isEqualTo(expected.charStart());
      assertThat(actual.charEnd()).isEqualTo(expected.charEnd());
      assertThat(actual.vector()).containsExactly(expectedVectors.get(i), within(1e-6f));
    }
    assertThat(embedder.batchSizes()).containsExactly(expectedChunks.size());
    assertThat(pipeline.embedded.isEmpty()).isTrue();
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldCarryTheInputHeadersToTheEmbeddedRecord() {
    pipeline.pipe(document("doc-1", "Some text."));

    TestRecord<String, EmbeddedDocument> record = pipeline.embedded.readRecord();

    assertThat(new String(record.headers().lastHeader("origin-header").value(), StandardCharsets.UTF_8))
        .isEqualTo("kept");
  }

  @Test
  void shouldEmitNothingWhenTheSameDocumentIsSubmittedAgain() {
    Map<String, Object> fields = document("doc-1", TEXT);
    fields.put("title", "Notes");
    pipeline.pipe(fields);
    pipeline.embedded.readRecord();

    pipeline.pipe(fields);

    assertThat(pipeline.embedded.isEmpty()).isTrue();
    assertThat(embedder.batchSizes()).hasSize(1);
    assertThat(pipeline.versions().get("default/doc-1").version()).isEqualTo(1);
  }

  @Test
  void shouldEmitANewVersionWhenOnlyTheTitleChangesWithoutCallingTheModelAgain() {
    pipeline.pipe(document("doc-1", TEXT));
    pipeline.embedded.readRecord();
    Map<String, Object> retitled = document("doc-1", TEXT);
    retitled.put("title", "a new title");

    pipeline.pipe(retitled);

    EmbeddedDocument doc = pipeline.embedded.readValue();
    assertThat(doc.version()).isEqualTo(2);
    assertThat(doc.title()).isEqualTo("a new title");
    assertThat(embedder.batchSizes()).as("vectors come from the embedding cache").hasSize(1);
  }

  @Test
  void shouldEmitANewVersionWhenOnlyTheMetadataChanges() {
    pipeline.pipe(document("doc-1", TEXT));
    pipeline.embedded.readRecord();
    Map<String, Object> tagged = document("doc-1", TEXT);
    tagged.put("metadata", Map.of("lang", "en"));

    pipeline.pipe(tagged);

    EmbeddedDocument doc = pipeline.embedded.readValue();
    assertThat(doc.version()).isEqualTo(2);
    assertThat(doc.metadata()).containsEntry("lang", "en");
  }

  @Test
  void shouldEmitVersionTwoWhenTheContentChanges() {
    pipeline.pipe(document("doc-1", TEXT));
    pipeline.embedded.readRecord();

    pipeline.pipe(document("doc-1", TEXT + "\nOne more paragraph."));

    EmbeddedDocument doc = pipeline.embedded.readValue();
    assertThat(doc.version()).isEqualTo(2);
    assertThat(doc.contentHash()).isEqualTo(ContentHash.of("text/plain", TEXT + "\nOne more paragraph."));
    assertThat(pipeline.embedded.isEmpty()).isTrue();
  }

  @Test
  void shouldTreatANewContentTypeAsNewContent() {
    pipeline.pipe(document("doc-1", "# Title\n\nBody."));
    pipeline.embedded.readRecord();
    Map<String, Object> markdown = document("doc-1", "# Title\n\nBody.");
    markdown.put("content_type", "text/markdown; charset=utf-8");

    pipeline.pipe(markdown);

    EmbeddedDocument doc = pipeline.embedded.readValue();
    assertThat(doc.version()).isEqualTo(2);
    assertThat(doc.contentType()).isEqualTo("text/markdown; charset=utf-8");
    assertThat(doc.chunks()).singleElement().satisfies(chunk -> {
      assertThat(chunk.text()).isEqualTo("Body.");
      assertThat(chunk.headingPath()).containsExactly("Title");
    });
  }

  @Test
  void shouldForwardATombstoneAndForgetTheVersion() {
    pipeline.pipe(document("doc-1", TEXT));
    pipeline.embedded.readRecord();

    pipeline.pipeTombstone("doc-1");

    TestRecord<String, EmbeddedDocument> tombstone = pipeline.embedded.readRecord();
    assertThat(tombstone.key()).isEqualTo("default/doc-1");
    assertThat(tombstone.value()).isNull();
    assertThat(pipeline.versions().get("default/doc-1")).isNull();
    assertThat(pipeline.embedded.isEmpty()).isTrue();
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldStartAgainAtVersionOneAfterATombstone() {
    pipeline.pipe(document("doc-1", TEXT));
    pipeline.pipeTombstone("doc-1");
    pipeline.embedded.readRecordsToList();

    pipeline.pipe(document("doc-1", TEXT));

    assertThat(pipeline.embedded.readValue().version()).isEqualTo(1);
  }

  @Test
  void shouldTakeSubmittedAtFromTheDocumentWhenPresent() {
    Map<String, Object> fields = document("doc-1", "Some text.");
    fields.put("submitted_at", "2026-02-01T08:30:00Z");

    pipeline.pipe(fields);

    assertThat(pipeline.embedded.readValue().submittedAt()).isEqualTo(Instant.parse("2026-02-01T08:30:00Z"));
  }

  @Test
  void shouldEmitAVersionWithoutChunksForEmptyText() {
    pipeline.pipe(document("doc-1", ""));

    EmbeddedDocument doc = pipeline.embedded.readValue();

    assertThat(doc.version()).isEqualTo(1);
    assertThat(doc.chunks()).isEmpty();
    assertThat(embedder.batchSizes()).isEmpty();
  }
}
