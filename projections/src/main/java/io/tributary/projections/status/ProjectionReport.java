package io.tributary.projections.status;

import io.tributary.projections.generations.Generation;
import java.time.Instant;
import java.util.List;

/**
 * The state of one projection for {@code GET /api/v1/projections} and {@code tributary projections}.
 *
 * @param liveGeneration the generation readers see
 * @param building the generation being rebuilt with its progress; {@code null} when none
 * @param partitions stored offset, end offset and lag per partition of the live projection
 * @param lag total records behind the log end
 * @param openDeadLetters dead letters waiting for an operator
 * @param parkedRecords records parked behind them
 * @param lastError the latest error: a failed build, or the newest dead letter; {@code null} if none
 */
public record ProjectionReport(
    String projection,
    String topic,
    int liveGeneration,
    Generation building,
    List<PartitionProgress> partitions,
    long lag,
    long openDeadLetters,
    long parkedRecords,
    String lastError,
    Instant lastErrorAt) {

  public ProjectionReport {
    partitions = List.copyOf(partitions);
  }
}
