package io.tributary.streams.pipeline;

import static io.tributary.streams.pipeline.PipelineDriver.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import io.tributary.streams.embedding.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An embedder outage is waited out: the document is neither dead-lettered nor lost. */
@ExtendWith(MiniLmExtension.class)
class DocumentPipelineRetryTest {

  private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(8), Duration.ofMillis(200));

  private final Embedder model;
  private RecordingEmbedder embedder;
  private PipelineDriver pipeline;

  DocumentPipelineRetryTest(Embedder model) {
    this.model = model;
  }

  @BeforeEach
  void startPipeline(@TempDir Path stateDir) {
    embedder = new RecordingEmbedder(model);
    pipeline = new PipelineDriver(PipelineDriver.components(embedder).withRetry(QUICK), stateDir);
  }

  @AfterEach
  void closePipeline() {
    pipeline.close();
  }

  @Test
  void shouldRetryAFailingEmbedderUntilItRecoversAndEmitTheVersionOnce() {
    embedder.failNextCalls(3, new IllegalStateException("embedding service down"));

    pipeline.pipe(document("doc-1", "Descale the kettle monthly."));
    pipeline.pipe(document("doc-2", "Rinse it twice."));

    List<EmbeddedDocument> out = pipeline.embedded.readValuesToList();
    assertThat(out).extracting(EmbeddedDocument::id).containsExactly("doc-1", "doc-2");
    assertThat(out).extracting(EmbeddedDocument::version).containsExactly(1L, 1L);
    assertThat(out.getFirst().chunks()).hasSize(1);
    assertThat(embedder.batchSizes()).containsExactly(1, 1, 1, 1, 1);
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldHandAnOutageLongerThanTheBudgetToTheStreamThreadAndProcessTheRecordWhenRedelivered() {
    embedder.failNextCalls(1_000, new IllegalStateException("embedding service down"));

    assertThatThrownBy(() -> pipeline.pipe(document("doc-1", "Descale the kettle monthly.")))
        .isInstanceOf(StreamsException.class)
        .hasRootCauseMessage("embedding service down");
    int attempts = embedder.batchSizes().size();
    assertThat(attempts).isBetween(5, 200);
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
    assertThat(pipeline.embedded.isEmpty()).isTrue();
    assertThat(pipeline.versions().get("default/doc-1")).isNull();

    // The service is back; Kafka redelivers the uncommitted record to the replacement thread.
    embedder.failNextCalls(0, null);
    pipeline.pipe(document("doc-1", "Descale the kettle monthly."));

    assertThat(pipeline.embedded.readValuesToList()).extracting(EmbeddedDocument::version).containsExactly(1L);
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
  }
}
