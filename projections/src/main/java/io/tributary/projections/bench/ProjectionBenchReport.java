package io.tributary.projections.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * Rows per second of the projection paths and of raw Postgres baselines, measured in one run on
 * the same Postgres with the same rows.
 *
 * @param rows chunk rows written by each path
 * @param liveRowsPerSecond the live projector's path: batches of 100 into indexed tables
 * @param replayRowsPerSecond the replay path: large batches without secondary indexes, then the index build
 * @param replayIndexBuild the part of the replay spent building indexes
 * @param rawCopyRowsPerSecond COPY of the same rows into an unindexed scratch table
 * @param rawBatchedInsertRowsPerSecond batched INSERTs of 100 rows per transaction into an identically indexed table
 */
public record ProjectionBenchReport(
    long rows,
    double liveRowsPerSecond,
    double replayRowsPerSecond,
    Duration replayIndexBuild,
    double rawCopyRowsPerSecond,
    double rawBatchedInsertRowsPerSecond) {

  /** Replay against raw COPY; the target is at least 0.5. */
  public double replayToCopy() {
    return replayRowsPerSecond / rawCopyRowsPerSecond;
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
        replay (batches of 2000, no indexes, then index)    %10.0f rows/s  (index build %d ms)
        raw COPY (scratch table, no indexes)                %10.0f rows/s
          ratio replay / raw COPY                           %10.2f  (target >= 0.50) %s""",
        rows, liveRowsPerSecond, rawBatchedInsertRowsPerSecond, liveToBatchedInsert(),
        liveToBatchedInsert() >= 0.8 ? "met" : "NOT met", replayRowsPerSecond, replayIndexBuild.toMillis(),
        rawCopyRowsPerSecond,
        replayToCopy(), replayToCopy() >= 0.5 ? "met" : "NOT met");
  }
}
