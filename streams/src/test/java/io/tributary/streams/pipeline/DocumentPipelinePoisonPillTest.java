package io.tributary.streams.pipeline;

import static io.tributary.streams.pipeline.PipelineDriver.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.streams.chunking.ParagraphChunker;
import io.tributary.embedding.SpanMeasure;
import io.tributary.embedding.TokenCounter;
import io.tributary.streams.parsing.Pdfs;
import io.tributary.streams.runtime.RecordAttempts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One bad record never stalls the pipeline: unclassified failures are retried, then dead-lettered. */
@ExtendWith(MiniLmExtension.class)
class DocumentPipelinePoisonPillTest {

  private final Embedder model;
  private RecordingEmbedder embedder;
  private PipelineDriver pipeline;

  DocumentPipelinePoisonPillTest(Embedder model) {
    this.model = model;
  }

  private final AtomicInteger poisonAttempts = new AtomicInteger();

  @BeforeEach
  void startPipeline(@TempDir Path stateDir) {
    embedder = new RecordingEmbedder(model);
    // A chunker bug that only text mentioning "poison" meets, as a real bug meets one record.
    TokenCounter characters = TokenCounter.characters(ParagraphChunker.DEFAULT_MAX_CHARS);
    TokenCounter buggy = new TokenCounter() {
      @Override
      public SpanMeasure measure(String text) {
        if (text.contains("poison")) {
          poisonAttempts.incrementAndGet();
          throw new IllegalStateException("a bug met this record");
        }
        return characters.measure(text);
      }

      @Override
      public int windowTokens() {
        return characters.windowTokens();
      }
    };
    pipeline = new PipelineDriver(PipelineDriver.components(embedder).withChunking(new ChunkingPolicy(buggy,
        ParagraphChunker.DEFAULT_MAX_CHARS, ParagraphChunker.DEFAULT_OVERLAP_CHARS)), stateDir);
  }

  @AfterEach
  void closePipeline() {
    pipeline.close();
  }

  @Test
  void shouldDeadLetterARecordThatFailsUnexpectedlyOnEveryAttemptAndGoOn() {
    pipeline.pipe(document("poison", "Text with poison that trips a bug."));
    pipeline.pipe(document("next", "A good document after the bad one."));

    Headers headers = pipeline.deadLetters.readRecord().headers();
    assertThat(header(headers, DeadLetterHeaders.ERROR_CODE)).isEqualTo("UNEXPECTED_ERROR");
    assertThat(header(headers, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalStateException.class.getName());
    assertThat(poisonAttempts.get()).isEqualTo(RecordAttempts.DEFAULT_ATTEMPTS);
    assertThat(pipeline.embedded.readRecord().key()).isEqualTo("default/next");
  }

  @Test
  void shouldKeepRetryingAnEmbedderOutageInsteadOfDeadLettering() {
    embedder.failNextCalls(RecordAttempts.DEFAULT_ATTEMPTS + 5, new IllegalStateException("embedder down"));

    assertThatThrownBy(() -> pipeline.pipe(document("d1", "Text while the embedder is down.")))
        .hasRootCauseMessage("embedder down");
    assertThat(embedder.batchSizes()).as("an outage is not retried as a record's fault").hasSize(1);
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterAPdfBombWithItsLimit() {
    List<List<String>> pages = new ArrayList<>(Collections.nCopies(2_001, List.of("page")));
    Map<String, Object> bomb = new java.util.LinkedHashMap<>(Map.of("id", "bomb", "content_type", "application/pdf",
        "content_base64", Base64.getEncoder().encodeToString(Pdfs.withPages(pages))));

    pipeline.pipe(bomb);
    pipeline.pipe(document("after", "A good document after the bomb."));

    Headers headers = pipeline.deadLetters.readRecord().headers();
    assertThat(header(headers, DeadLetterHeaders.ERROR_CODE)).isEqualTo("PARSE_LIMIT_EXCEEDED");
    assertThat(header(headers, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("2001 pages");
    assertThat(pipeline.embedded.readRecord().key()).isEqualTo("default/after");
  }

  private static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
