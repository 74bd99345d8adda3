package io.tributary.bench.replay;

import io.tributary.projections.replay.ReplayLimits;
import java.time.Duration;
import java.util.Locale;

/**
 * One run of {@code tributary bench replay}.
 *
 * @param rows chunks in the new generation
 * @param records records (documents) replayed
 * @param toSwitch time from the start of the replay to the switch
 * @param load time of the bulk load
 * @param indexBuild the replay's index build (all secondary indexes and the foreign key check)
 * @param rawCreateIndex the same indexes on a copy of the same rows, one CREATE INDEX after the other
 * @param peakConnections most connections the replay's pool held
 * @param maxConnections the pool's limit
 * @param peakHeapGrowth most heap in use beyond the level before the replay: an upper bound, since it
 *     counts garbage not yet collected and the embedded broker running in the same JVM
 */
public record ReplayBenchReport(long rows, long records, Duration toSwitch, Duration load, Duration indexBuild,
    Duration rawCreateIndex, int peakConnections, int maxConnections, long peakHeapGrowth, ReplayLimits limits) {

  /** Replay index build time over the raw CREATE INDEX time (target <= 1.2). */
  public double indexRatio() {
    return (double) indexBuild.toNanos() / Math.max(1, rawCreateIndex.toNanos());
  }

  /** Chunks per second from start to switch. */
  public double rowsPerSecond() {
    return rows / Math.max(1e-9, toSwitch.toNanos() / 1e9);
  }

  /** The report for a terminal. */
  public String describe() {
    return String.format(Locale.ROOT,
        "%,d chunks (%,d records): switch after %.1f s, %.0f rows/s; load %.1f s (%.0f rows/s); index build %.1f s"
            + " vs raw CREATE INDEX %.1f s: ratio %.2f (target <= 1.20); peak connections %d of %d;"
            + " peak heap-in-use growth %d MB (%s)",
        rows, records, seconds(toSwitch), rowsPerSecond(), seconds(load), rows / Math.max(1e-9, seconds(load)),
        seconds(indexBuild), seconds(rawCreateIndex), indexRatio(), peakConnections, maxConnections,
        peakHeapGrowth >> 20, limits.describe());
  }

  /** One row of the table in docs/benchmarks/replay.md. */
  public String tableRow() {
    return String.format(Locale.ROOT, "| %,d | %.1f | %.0f | %.1f | %.1f | %.1f | %.2f | %d/%d | %d |",
        rows, seconds(toSwitch), rowsPerSecond(), seconds(load), seconds(indexBuild), seconds(rawCreateIndex),
        indexRatio(), peakConnections, maxConnections, peakHeapGrowth >> 20);
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
