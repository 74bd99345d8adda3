package io.tributary.projections.generations;

/**
 * What a building generation reports about its current phase.
 *
 * @param phase loading, indexing, catching-up, switching (a roll adds embedding)
 * @param recordsDone records the build has consumed in all
 * @param phaseDone units the phase has done
 * @param phaseTotal units the phase expects; 0 when unknown
 * @param unit {@code records} or {@code rows}
 * @param perSecond the phase's rate
 * @param etaSeconds seconds to the end of the phase; {@code null} when unknown
 * @param waitingFor why the build waits; {@code null} when it does not
 */
public record BuildProgress(String phase, long recordsDone, long phaseDone, long phaseTotal, String unit,
    double perSecond, Long etaSeconds, String waitingFor) {}
