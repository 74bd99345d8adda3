package io.tributary.projections.status;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.tributary.projections.generations.Generation;
import java.time.Instant;
import java.util.List;

/**
 * The state of one projection for {@code GET /api/v1/projections} and {@code tributary projections}.
 *
 * @param topic the topic it reads (after a roll, the live generation's)
 * @param replayable whether it can be rebuilt as a new generation ({@code tributary replay}); one
 *     that cannot keeps no generations and reports live generation 0
 * @param liveGeneration the generation readers see
 * @param building the generation being rebuilt with its progress; {@code null} when none
 * @param partitions stored offset, end offset and lag per partition of the live projection
 * @param lag total records behind the log end
 * @param openDeadLetters dead letters waiting for an operator
 * @param parkedRecords records parked behind them
 * @param lastError the latest error: a failed build, or the newest dead letter; {@code null} if none
 * @param lastErrorIsDeadLetter whether {@code lastError} describes a dead letter (whose message may
 *     name another tenant's data); not part of the JSON
 */
public record ProjectionReport(
    String projection,
    String topic,
    boolean replayable,
    int liveGeneration,
    Generation building,
    List<PartitionProgress> partitions,
    long lag,
    long openDeadLetters,
    long parkedRecords,
    String lastError,
    Instant lastErrorAt,
    @JsonIgnore boolean lastErrorIsDeadLetter) {

  public ProjectionReport {
    partitions = List.copyOf(partitions);
  }

  /**
   * This report without dead-letter details, for callers who are not admins: dead letters of
   * every tenant share one table, and their messages quote ids and values. Counts stay; a dead
   * letter's error keeps only its code.
   */
  public ProjectionReport withoutDeadLetterDetails() {
    if (!lastErrorIsDeadLetter || lastError == null) {
      return this;
    }
    int colon = lastError.indexOf(": ");
    String code = colon > 0 ? lastError.substring(0, colon) : "DEAD_LETTER";
    return new ProjectionReport(projection, topic, replayable, liveGeneration, building, partitions, lag,
        openDeadLetters, parkedRecords, code + " (details need role tributary.admin)", lastErrorAt, true);
  }
}
