package io.tributary.platform.ingest;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The {@code --wait} progress line on stderr: redrawn in place on a terminal; in logs a line only
 * when another document became searchable, not one per poll.
 */
public final class IndexingProgressLine implements Consumer<IndexingProgress> {

  private final PrintStream err;
  private final boolean terminal;
  private int lastShown = -1;

  public IndexingProgressLine(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void accept(IndexingProgress progress) {
    if (terminal) {
      err.print("\r" + progress.line());
    } else if (progress.searchable() != lastShown) {
      lastShown = progress.searchable();
      err.println(progress.line());
    }
  }

  /** Ends the line redrawn in place. */
  public void finish() {
    if (terminal) {
      err.println();
    }
  }
}
