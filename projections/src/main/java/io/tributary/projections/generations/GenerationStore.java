package io.tributary.projections.generations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The SQL of {@code ops.projection_generations}; every call joins the caller's transaction. */
public final class GenerationStore {

  private static final String COLUMNS =
      "projection, generation, state, replay_from, phase, records_done, records_total, records_per_s,"
          + " last_error, created_at, updated_at, switched_at, retire_after, source_topic, embedding_profile::text,"
          + " phase_done, phase_total, phase_unit, phase_eta_s, waiting_for";

  /** The live generation number of {@code projection}, share-locked until the transaction ends. */
  public Optional<Integer> live(Handle handle, String projection) {
    return handle
        .createQuery("SELECT generation FROM ops.projection_generations"
            + " WHERE projection = :projection AND state = 'live' FOR SHARE")
        .bind("projection", projection)
        .mapTo(Integer.class)
        .findOne();
  }

  /** The live generation of {@code projection} with what it follows, without locking it. */
  public Optional<Generation> liveGeneration(Handle handle, String projection) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM ops.projection_generations"
            + " WHERE projection = :projection AND state = 'live'")
        .bind("projection", projection)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /** Records what a building generation follows: its topic and the embedding profile behind it (JSON or null). */
  public void source(Handle handle, String projection, int generation, String topic, String profile) {
    handle
        .createUpdate("UPDATE ops.projection_generations SET source_topic = :topic,"
            + " embedding_profile = CAST(:profile AS jsonb) WHERE projection = :projection AND generation = :generation")
        .bind("topic", topic)
        .bind("profile", profile)
        .bind("projection", projection)
        .bind("generation", generation)
        .execute();
  }

  /** The generation of {@code projection} being built, if any. */
  public Optional<Generation> building(Handle handle, String projection) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM ops.projection_generations"
            + " WHERE projection = :projection AND state = 'building'")
        .bind("projection", projection)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /** Every generation of every projection, newest first per projection. */
  public List<Generation> all(Handle handle) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM ops.projection_generations ORDER BY projection, generation DESC")
        .map((rs, ctx) -> row(rs))
        .list();
  }

  /** Registers a new building generation numbered after every earlier one; returns its number. */
  public int startBuilding(Handle handle, String projection, String replayFrom, long recordsTotal) {
    return handle
        .createQuery(
            """
            INSERT INTO ops.projection_generations (projection, generation, state, replay_from, phase, records_total)
            SELECT :projection, coalesce(max(generation), 0) + 1, 'building', :from, 'loading', :total
            FROM ops.projection_generations WHERE projection = :projection
            RETURNING generation
            """)
        .bind("projection", projection)
        .bind("from", replayFrom)
        .bind("total", recordsTotal)
        .mapTo(Integer.class)
        .one();
  }

  /** Records progress; false when the generation is no longer building (aborted elsewhere). */
  public boolean progress(Handle handle, String projection, int generation, String phase, long done, double rate) {
    return progress(handle, projection, generation, new BuildProgress(phase, done, done, 0, "records", rate, null, null));
  }

  /** Records the current phase's progress; false when the generation is no longer building (aborted elsewhere). */
  public boolean progress(Handle handle, String projection, int generation, BuildProgress report) {
    return handle
            .createUpdate(
                """
                UPDATE ops.projection_generations
                SET phase = :phase, records_done = :done, records_per_s = :rate, phase_done = :phaseDone,
                    phase_total = :phaseTotal, phase_unit = :unit, phase_eta_s = :eta, waiting_for = :waiting,
                    updated_at = now()
                WHERE projection = :projection AND generation = :generation AND state = 'building'
                """)
            .bind("phase", report.phase())
            .bind("done", report.recordsDone())
            .bind("rate", report.perSecond())
            .bind("phaseDone", report.phaseDone())
            .bind("phaseTotal", report.phaseTotal())
            .bind("unit", report.unit())
            .bind("eta", report.etaSeconds())
            .bind("waiting", report.waitingFor())
            .bind("projection", projection)
            .bind("generation", generation)
            .execute()
        == 1;
  }

  /** Makes {@code generation} live and retires the previous live one until {@code grace} has passed. */
  public void switchLive(Handle handle, String projection, int generation, Duration grace) {
    handle
        .createUpdate(
            """
            UPDATE ops.projection_generations
            SET state = 'retired', phase = 'retired', retire_after = now() + make_interval(secs => :grace),
                updated_at = now()
            WHERE projection = :projection AND state = 'live'
            """)
        .bind("grace", (double) grace.toSeconds())
        .bind("projection", projection)
        .execute();
    handle
        .createUpdate(
            """
            UPDATE ops.projection_generations
            SET state = 'live', phase = 'live', waiting_for = NULL, phase_eta_s = NULL, switched_at = now(), updated_at = now()
            WHERE projection = :projection AND generation = :generation AND state = 'building'
            """)
        .bind("projection", projection)
        .bind("generation", generation)
        .execute();
  }

  /** Marks {@code generation} as {@code state} (aborted or dropped), recording {@code error} if any. */
  public void mark(Handle handle, String projection, int generation, Generation.State state, String error) {
    handle
        .createUpdate(
            """
            UPDATE ops.projection_generations SET state = :state, phase = :state, last_error = :error,
                   updated_at = now()
            WHERE projection = :projection AND generation = :generation
            """)
        .bind("state", state.sql())
        .bind("error", error)
        .bind("projection", projection)
        .bind("generation", generation)
        .execute();
  }

  /** Retired generations of {@code projection} whose grace period is over, locked. */
  public List<Integer> dueForDrop(Handle handle, String projection) {
    return handle
        .createQuery("SELECT generation FROM ops.projection_generations WHERE projection = :projection"
            + " AND state = 'retired' AND retire_after <= now() FOR UPDATE")
        .bind("projection", projection)
        .mapTo(Integer.class)
        .list();
  }

  private static Generation row(ResultSet rs) throws SQLException {
    return new Generation(
        rs.getString("projection"),
        rs.getInt("generation"),
        Generation.State.of(rs.getString("state")),
        rs.getString("replay_from"),
        rs.getString("phase"),
        rs.getLong("records_done"),
        rs.getLong("records_total"),
        rs.getDouble("records_per_s"),
        rs.getString("last_error"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("updated_at")),
        instant(rs.getTimestamp("switched_at")),
        instant(rs.getTimestamp("retire_after")),
        rs.getString("source_topic"),
        rs.getString("embedding_profile"),
        rs.getLong("phase_done"),
        rs.getLong("phase_total"),
        rs.getString("phase_unit"),
        (Long) rs.getObject("phase_eta_s"),
        rs.getString("waiting_for"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
