package io.tributary.projections.generations;

import java.time.Instant;
import java.util.Locale;

/**
 * One generation of a read model, as stored in {@code ops.projection_generations}.
 *
 * @param phase what a building generation is doing: loading, indexing, catching-up
 * @param recordsDone records a building generation has consumed
 * @param recordsTotal records the plan expected (an upper bound on compacted topics)
 * @param recordsPerSecond the current phase's rate at the last progress report (records or rows per second)
 * @param retireAfter when a retired generation's tables may be dropped
 * @param sourceTopic the topic the generation follows; {@code null}: the projection's own topic
 * @param embeddingProfile JSON of the embedding profile that produced {@code sourceTopic}; {@code
 *     null}: the pipeline deployed before any roll
 * @param phaseDone units the current phase of a building generation has done
 * @param phaseTotal units it expects; 0 when unknown
 * @param phaseUnit what it counts: records (loading, catching-up) or rows (indexing)
 * @param phaseEtaSeconds seconds to the end of the phase at the last report; {@code null} when unknown
 * @param waitingFor why the build waits (a database connection, the upstream pipeline); {@code null} when not
 */
public record Generation(
    String projection,
    int generation,
    State state,
    String replayFrom,
    String phase,
    long recordsDone,
    long recordsTotal,
    double recordsPerSecond,
    String lastError,
    Instant createdAt,
    Instant updatedAt,
    Instant switchedAt,
    Instant retireAfter,
    String sourceTopic,
    String embeddingProfile,
    long phaseDone,
    long phaseTotal,
    String phaseUnit,
    Long phaseEtaSeconds,
    String waitingFor) {

  /** Life cycle of a generation: building, then live or aborted; live, then retired, then dropped. */
  public enum State {
    BUILDING, LIVE, RETIRED, ABORTED, DROPPED;

    String sql() {
      return name().toLowerCase(Locale.ROOT);
    }

    static State of(String sql) {
      return valueOf(sql.toUpperCase(Locale.ROOT));
    }
  }
}
