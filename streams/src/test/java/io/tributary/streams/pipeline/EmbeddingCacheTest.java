package io.tributary.streams.pipeline;

import static io.tributary.streams.pipeline.PipelineDriver.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.embedding.TokenCounter;
import io.tributary.streams.embedding.CacheStatistics;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Re-chunking, re-submitting and reprocessing never pay for the same embedding twice. */
@ExtendWith(MiniLmExtension.class)
class EmbeddingCacheTest {

  private static final String A = "Descale the kettle monthly with white vinegar.";
  private static final String B = "Rinse the kettle twice before boiling water for tea.";
  private static final String C = "Store the kettle dry so that limescale does not build up.";
  private static final String D = "Replace the filter once a year or when it looks brown.";

  private final Embedder model;
  private RecordingEmbedder embedder;
  private PipelineDriver pipeline;
  private CacheStatistics statistics;

  EmbeddingCacheTest(Embedder model) {
    this.model = model;
  }

  @BeforeEach
  void startPipeline(@TempDir Path stateDir) {
    embedder = new RecordingEmbedder(model);
    // One paragraph per chunk, no overlap: the chunk texts are exactly A, B, C, D.
    ChunkingPolicy onePerParagraph = new ChunkingPolicy(TokenCounter.characters(60), 60, 0);
    pipeline = new PipelineDriver(PipelineDriver.components(embedder).withChunking(onePerParagraph), stateDir);
    statistics = pipeline.components.cacheStatistics();
  }

  @AfterEach
  void closePipeline() {
    pipeline.close();
  }

  private static String paragraphs(String... texts) {
    return String.join("\n\n", texts);
  }

  @Test
  void shouldEmbedOnlyTheChangedChunksOfANewVersion() {
    pipeline.pipe(document("doc-1", paragraphs(A, B, C)));
    int before = embedder.textsEmbedded();

    pipeline.pipe(document("doc-1", paragraphs(A, B, D)));

    List<EmbeddedDocument> versions = pipeline.embedded.readValuesToList();
    assertThat(versions).extracting(EmbeddedDocument::version).containsExactly(1L, 2L);
    assertThat(before).isEqualTo(3);
    assertThat(embedder.textsEmbedded() - before).isEqualTo(1);
    assertThat(statistics.hits()).isEqualTo(2);
    assertThat(statistics.misses()).isEqualTo(4);
    // A cached vector is the vector the model gives.
    EmbeddedChunk cached = versions.get(1).chunks().getFirst();
    assertThat(cached.vector()).containsExactly(model.embed(List.of(A)).getFirst(), within(1e-6f));
  }

  @Test
  void shouldNotEmbedAgainWhenADeletedDocumentIsReprocessed() {
    pipeline.pipe(document("doc-1", paragraphs(A, B)));
    pipeline.pipeTombstone("doc-1");

    pipeline.pipe(document("doc-1", paragraphs(A, B)));
    pipeline.pipe(document("doc-2", paragraphs(B, A)));

    assertThat(pipeline.embedded.readValuesToList()).hasSize(4);
    assertThat(embedder.textsEmbedded()).isEqualTo(2);
    assertThat(statistics.hitRate()).isEqualTo(4.0 / 6.0, within(1e-9));
  }

  @Test
  void shouldEmbedARepeatedParagraphOnce() {
    pipeline.pipe(document("doc-1", paragraphs(A, A, A)));

    assertThat(pipeline.embedded.readValue().chunks()).hasSize(3);
    assertThat(embedder.batchSizes()).containsExactly(1);
  }
}
