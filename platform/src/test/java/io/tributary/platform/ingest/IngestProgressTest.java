package io.tributary.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IngestProgressTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void shouldShowFilesRateEtaAndFailures() {
    AtomicLong now = new AtomicLong(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IngestProgress progress = new IngestProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, now::get, 40);

    for (int i = 0; i < 10; i++) {
      progress.fileDone(i != 3);
    }
    now.set(2 * SECOND);

    // 10 files in 2 s = 5/s; 30 left = 6 s.
    assertThat(progress.line(now.get()))
        .isEqualTo("[######..................] 10/40 files  5.0 docs/s  ETA 0:06  1 failed");
  }

  @Test
  void shouldPrintPlainLinesOutsideATerminalAndAlwaysAFinalOne() {
    AtomicLong now = new AtomicLong(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IngestProgress progress = new IngestProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, now::get, 2);

    progress.fileDone(true);
    now.set(6 * SECOND);
    progress.fileDone(true);
    progress.finish();

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("\r");
    assertThat(out.lines()).hasSize(2).allSatisfy(line -> assertThat(line).contains("2/2 files"));
  }
}
