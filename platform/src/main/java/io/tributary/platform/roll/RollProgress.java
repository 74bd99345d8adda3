package io.tributary.platform.roll;

import java.time.Duration;
import java.util.Locale;

/**
 * Where a roll stands.
 *
 * @param phase embedding (the profile's pipeline re-processes docs.accepted.v1), loading,
 *     indexing, catching-up (the new generation), switched, handover (the roles follow), done (or
 *     done-without-handover when no streams role took the profile over in time)
 * @param generation the generation being built
 * @param input the topic the profile's pipeline reads: docs.accepted.v1
 * @param inputProcessed records of {@code input} the profile's pipeline has committed; -1 when unknown
 * @param pipelineLag records of {@code input} it has yet to process; -1 when unknown
 * @param generationRecords records of the profile's topic the new generation has consumed
 * @param generationLag records of the profile's topic it has yet to consume; -1 when unknown
 * @param recordsPerSecond rate of the current phase
 * @param eta estimated time to the end of the current phase; null when unknown
 * @param cacheHits chunks the profile's pipeline took from its embedding cache (this process)
 * @param cacheMisses chunks it had to embed (this process)
 * @param unit what the phase's rate counts: records, or rows while indexing
 * @param waitingFor why the roll waits (e.g. for a database connection); {@code null} when it does not
 */
public record RollProgress(
    String phase,
    int generation,
    String input,
    long inputProcessed,
    long pipelineLag,
    long generationRecords,
    long generationLag,
    double recordsPerSecond,
    Duration eta,
    long cacheHits,
    long cacheMisses,
    String unit,
    String waitingFor) {

  /** A report counting records and waiting for nothing. */
  public RollProgress(String phase, int generation, String input, long inputProcessed, long pipelineLag,
      long generationRecords, long generationLag, double recordsPerSecond, Duration eta, long cacheHits,
      long cacheMisses) {
    this(phase, generation, input, inputProcessed, pipelineLag, generationRecords, generationLag, recordsPerSecond, eta,
        cacheHits, cacheMisses, "records", null);
  }

  /** A copy whose rate counts {@code counted} and that waits for {@code reason} (or nothing). */
  public RollProgress counting(String counted, String reason) {
    return new RollProgress(phase, generation, input, inputProcessed, pipelineLag, generationRecords, generationLag,
        recordsPerSecond, eta, cacheHits, cacheMisses, counted, reason);
  }

  /** One line for a terminal. */
  public String describe() {
    return String.format(Locale.ROOT,
        "roll to generation %d %s: pipeline %d of %s processed, lag %d, cache %d hits / %d misses;"
            + " generation %d records%s; %.0f %s/s, ETA %s%s",
        generation, phase, inputProcessed, input, pipelineLag, cacheHits, cacheMisses, generationRecords,
        generationLag < 0 ? "" : ", lag " + generationLag, recordsPerSecond, unit,
        eta == null ? "?" : eta.toSeconds() + " s", waitingFor == null ? "" : "; waiting: " + waitingFor);
  }
}
