package io.tributary.platform.roll;

import java.time.Duration;
import java.util.Locale;

/**
 * Where a roll stands.
 *
 * @param phase embedding (the profile's pipeline re-processes docs.submitted.v1), loading,
 *     indexing, catching-up (the new generation), switched, handover (the roles follow), done (or
 *     done-without-handover when no streams role took the profile over in time)
 * @param generation the generation being built
 * @param submittedProcessed records of docs.submitted.v1 the profile's pipeline has committed
 * @param pipelineLag records of docs.submitted.v1 it has yet to process
 * @param generationRecords records of the profile's topic the new generation has consumed
 * @param generationLag records of the profile's topic it has yet to consume; -1 when unknown
 * @param recordsPerSecond rate of the current phase
 * @param eta estimated time to the end of the current phase; null when unknown
 * @param cacheHits chunks the profile's pipeline took from its embedding cache (this process)
 * @param cacheMisses chunks it had to embed (this process)
 */
public record RollProgress(
    String phase,
    int generation,
    long submittedProcessed,
    long pipelineLag,
    long generationRecords,
    long generationLag,
    double recordsPerSecond,
    Duration eta,
    long cacheHits,
    long cacheMisses) {

  /** One line for a terminal. */
  public String describe() {
    return String.format(Locale.ROOT,
        "roll to generation %d %s: pipeline %d processed, lag %d, cache %d hits / %d misses;"
            + " generation %d records%s; %.0f records/s, ETA %s",
        generation, phase, submittedProcessed, pipelineLag, cacheHits, cacheMisses, generationRecords,
        generationLag < 0 ? "" : ", lag " + generationLag, recordsPerSecond,
        eta == null ? "?" : eta.toSeconds() + " s");
  }
}
