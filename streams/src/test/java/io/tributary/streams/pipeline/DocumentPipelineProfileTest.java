package io.tributary.streams.pipeline;

import static io.tributary.streams.pipeline.PipelineDriver.document;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.embedding.TokenCounter;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A roll's pipeline: the same topology writing its profile's topic with its profile's chunking (ADR 12). */
@ExtendWith(MiniLmExtension.class)
class DocumentPipelineProfileTest {

  private final Embedder model;

  DocumentPipelineProfileTest(Embedder model) {
    this.model = model;
  }

  @Test
  void shouldWriteTheProfilesTopicWithTheProfilesChunks(@TempDir Path stateDir) {
    EmbeddingProfile profile = new EmbeddingProfile("minilm", model.modelId(), model.dimensions(), 60, 0);
    ChunkingPolicy sixty = new ChunkingPolicy(TokenCounter.characters(60), 60, 0);
    PipelineComponents components = PipelineDriver.components(model).withChunking(sixty)
        .withOutput(Topics.docsEmbedded(profile));
    try (PipelineDriver pipeline = new PipelineDriver(components, stateDir)) {
      TestOutputTopic<String, EmbeddedDocument> v1 = pipeline.driver.createOutputTopic(Topics.DOCS_EMBEDDED.name(),
          Topics.DOCS_EMBEDDED.keySerde().deserializer(), Topics.DOCS_EMBEDDED.valueSerde().deserializer());

      pipeline.pipe(document("doc-1", "Descale the kettle monthly with white vinegar.\n\n"
          + "Rinse the kettle twice before boiling water for tea."));

      List<EmbeddedDocument> written = pipeline.embedded.readValuesToList();
      assertThat(Topics.docsEmbedded(profile).name()).isEqualTo("docs.embedded." + profile.id() + ".v1");
      assertThat(written).singleElement().satisfies(document -> {
        assertThat(document.model()).isEqualTo(profile.model());
        assertThat(document.chunks()).hasSize(2);
      });
      assertThat(v1.isEmpty()).as("nothing on docs.embedded.v1").isTrue();
    }
  }
}
