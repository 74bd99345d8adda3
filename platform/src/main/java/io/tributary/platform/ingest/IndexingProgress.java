package io.tributary.platform.ingest;

import java.time.Duration;

/**
 * How far the pipeline and projector have come with an ingest, as {@code --wait} sees it:
 * documents searchable of those submitted, their chunks, and the rates since waiting began.
 */
public record IndexingProgress(int searchable, int submitted, long chunks, Duration elapsed) {

  /** Chunks made searchable per second since waiting began. */
  public double chunksPerSecond() {
    return chunks / seconds();
  }

  /** Documents made searchable per second since waiting began. */
  public double documentsPerSecond() {
    return searchable / seconds();
  }

  /** The progress line: documents, chunks, chunks/s and the estimated time left. */
  public String line() {
    double rate = documentsPerSecond();
    String eta = searchable >= submitted ? "0:00"
        : rate <= 0 ? "--:--" : clock((long) Math.ceil((submitted - searchable) / rate));
    return String.format("searchable %d/%d documents  %d chunks  %.1f chunks/s  %.1f docs/s  ETA %s",
        searchable, submitted, chunks, chunksPerSecond(), rate, eta);
  }

  private double seconds() {
    return Math.max(elapsed.toNanos() / 1e9, 1e-9);
  }

  private static String clock(long seconds) {
    return String.format("%d:%02d", seconds / 60, seconds % 60);
  }
}
