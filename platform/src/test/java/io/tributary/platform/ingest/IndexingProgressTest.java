package io.tributary.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IndexingProgressTest {

  @Test
  void shouldReportChunkAndDocumentRatesAndTheTimeLeft() {
    IndexingProgress progress = new IndexingProgress(10, 40, 250, Duration.ofSeconds(5));

    assertThat(progress.chunksPerSecond()).isEqualTo(50.0);
    assertThat(progress.documentsPerSecond()).isEqualTo(2.0);
    // 30 documents left at 2 per second.
    assertThat(progress.line()).isEqualTo(
        "searchable 10/40 documents  250 chunks  50.0 chunks/s  2.0 docs/s  ETA 0:15");
  }

  @Test
  void shouldNotPretendToKnowTheTimeLeftBeforeAnythingIsSearchable() {
    assertThat(new IndexingProgress(0, 3, 0, Duration.ofSeconds(2)).line()).endsWith("ETA --:--");
  }
}
