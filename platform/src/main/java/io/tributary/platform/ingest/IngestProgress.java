package io.tributary.platform.ingest;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The progress line of a bulk ingest on stderr: files done of total, documents per second and
 * the estimated time left. Redrawn in place on a terminal, a plain line every few seconds
 * otherwise (CI logs), and always once at the end.
 */
public final class IngestProgress {

  private static final int BAR_WIDTH = 24;

  private final PrintStream err;
  private final boolean terminal;
  private final LongSupplier nanoClock;
  private final long start;
  private final int total;
  private long lastDraw;
  private int done;
  private int failed;

  public IngestProgress(PrintStream err, boolean terminal, LongSupplier nanoClock, int total) {
    this.err = err;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
    this.total = total;
    this.lastDraw = start;
  }

  /** One file is done (submitted or failed); redraws when enough time has passed. */
  public void fileDone(boolean ok) {
    done++;
    failed += ok ? 0 : 1;
    long now = nanoClock.getAsLong();
    long interval = terminal ? Duration.ofMillis(200).toNanos() : Duration.ofSeconds(5).toNanos();
    if (now - lastDraw >= interval) {
      lastDraw = now;
      draw(now);
    }
  }

  /** The final line. */
  public void finish() {
    draw(nanoClock.getAsLong());
    if (terminal) {
      err.println();
    }
  }

  /** The progress line as it would be drawn now. */
  public String line(long now) {
    double seconds = Math.max((now - start) / 1e9, 1e-9);
    double rate = done / seconds;
    int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / total);
    String eta = rate <= 0 ? "--:--" : clock((long) Math.ceil((total - done) / rate));
    return String.format("[%s%s] %d/%d files  %.1f docs/s  ETA %s%s",
        "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), done, total, rate, eta,
        failed > 0 ? "  " + failed + " failed" : "");
  }

  private void draw(long now) {
    if (terminal) {
      err.print("\r" + line(now));
    } else {
      err.println(line(now));
    }
    err.flush();
  }

  private static String clock(long seconds) {
    return String.format("%d:%02d", seconds / 60, seconds % 60);
  }
}
