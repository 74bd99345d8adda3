package io.tributary.streams.parsing;

import java.time.Duration;

/**
 * Bounds on parsing one PDF, so a crafted file (a decompression bomb, millions of pages, a page of
 * endless text) ends as a dead letter instead of exhausting memory, disk or time.
 *
 * @param maxBytes largest PDF accepted, in bytes
 * @param maxPages most pages read
 * @param maxChars most characters of text extracted over all pages
 * @param maxScratchBytes most bytes PDFBox may buffer for decoded streams; they go to a temporary
 *     file, never to the heap
 * @param timeout longest the extraction of one PDF may take; checked as text is produced
 */
public record PdfLimits(long maxBytes, int maxPages, long maxChars, long maxScratchBytes, Duration timeout) {

  /** 32 MiB, 2,000 pages, 4 million characters, 256 MiB of scratch file, 60 seconds. */
  public static PdfLimits defaults() {
    return new PdfLimits(32L << 20, 2_000, 4_000_000, 256L << 20, Duration.ofSeconds(60));
  }

  public PdfLimits {
    if (maxBytes < 1 || maxPages < 1 || maxChars < 1 || maxScratchBytes < 1) {
      throw new IllegalArgumentException("PDF limits must be positive");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }
}
