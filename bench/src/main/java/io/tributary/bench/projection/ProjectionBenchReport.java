package io.tributary.bench.projection;

import java.time.Duration;
import java.util.Locale;

/**
 * Rows per second of the projection paths and of raw Postgres baselines, measured in one run on
 * the same Postgres with the same rows.
 *
 * @param rows chunk rows written by each path
 * @param liveRowsPerSecond the live projector's path: batches of 100 into indexed tables
 * @param replayLoad the replay's bulk load: large batches into tables without secondary indexes
 * @param replayIndexBuild the replay's index build after the load (HNSW, GIN, tenant)
 * @param rawCopyRowsPerSecond COPY of the same rows into an unindexed scratch table
 * @param rawBatchedInsertRowsPerSecond batched INSERTs of 100 rows per transaction into an identically indexed table
 * @param rawIndexBuild the chunk table's indexes built with plain {@code CREATE INDEX}, one after the
 *     other, on the raw COPY's table (the replay also builds the documents table's and a foreign key)
 */
public record ProjectionBenchReport(
    long rows,
    double liveRowsPerSecond,
    Duration replayLoad,
    Duration replayIndexBuild,
    double rawCopyRowsPerSecond,
    double rawBatchedInsertRowsPerSecond,
    Duration rawIndexBuild) {

  /** The replay's rows per second, load and index build together (what a replay costs). */
  public double replayRowsPerSecond() {
    return rows / seconds(replayLoad.plus(replayIndexBuild));
  }

  /** The replay's rows per second of the load alone (what raw COPY also does). */
  public double replayLoadRowsPerSecond() {
    return rows / seconds(replayLoad);
  }

  /** Replay (load and index build) against raw COPY; the target is at least 0.5. */
  public double replayToCopy() {
    return replayRowsPerSecond() / rawCopyRowsPerSecond;
  }

  /** The replay's load alone against raw COPY, which builds no index either. */
  public double replayLoadToCopy() {
    return replayLoadRowsPerSecond() / rawCopyRowsPerSecond;
  }

  /** The replay's index build against plain {@code CREATE INDEX} of the same rows; the target is at most 1.2. */
  public double indexBuildToRaw() {
    return seconds(replayIndexBuild) / seconds(rawIndexBuild);
  }

  /** Live projection against raw batched inserts into indexed tables; the target is at least 0.8. */
  public double liveToBatchedInsert() {
    return liveRowsPerSecond / rawBatchedInsertRowsPerSecond;
  }

  /** The table printed by {@code tributary bench project}. */
  public String describe() {
    return String.format(Locale.ROOT,
        """
        rows per path: %d chunk rows (vector(384) + text + tsvector)
        live projection (batches of 100, HNSW+GIN live)     %10.0f rows/s
        raw batched INSERT (100/tx, same indexes)           %10.0f rows/s
          ratio live / raw insert                           %10.2f  (target >= 0.80) %s
        replay load (batches of 2000, no secondary indexes) %10.0f rows/s  (%d ms)
        replay index build (HNSW | GIN + tenant, 2 conns)   %10s        (%d ms)
        replay load + index build                           %10.0f rows/s  (%d ms)
        raw COPY (scratch table, no indexes)                %10.0f rows/s
          ratio replay (load + index) / raw COPY            %10.2f  (target >= 0.50) %s
          ratio replay load alone / raw COPY                %10.2f  (target >= 0.50) %s
        raw CREATE INDEX (chunk indexes, one after another) %10s        (%d ms)
          ratio replay index build / raw CREATE INDEX       %10.2f  (target <= 1.20) %s""",
        rows, liveRowsPerSecond, rawBatchedInsertRowsPerSecond, liveToBatchedInsert(),
        liveToBatchedInsert() >= 0.8 ? "met" : "NOT met",
        replayLoadRowsPerSecond(), replayLoad.toMillis(), "", replayIndexBuild.toMillis(),
        replayRowsPerSecond(), replayLoad.plus(replayIndexBuild).toMillis(), rawCopyRowsPerSecond,
        replayToCopy(), replayToCopy() >= 0.5 ? "met" : "NOT met", replayLoadToCopy(),
        replayLoadToCopy() >= 0.5 ? "met" : "NOT met", "", rawIndexBuild.toMillis(), indexBuildToRaw(),
        indexBuildToRaw() <= 1.2 ? "met" : "NOT met");
  }

  private static double seconds(Duration duration) {
    return Math.max(1e-9, duration.toNanos() / 1e9);
  }
}
