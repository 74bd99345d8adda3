package io.tributary.monitoring.lag;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.schemas.json.Json;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Lag samples as JSON rows of {@code ops.lag_samples} (migration V80), one per sampling instant. */
public final class PostgresLagArchive implements LagArchive {

  private final Jdbi jdbi;

  public PostgresLagArchive(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
  }

  @Override
  public void save(LagSnapshot snapshot, Instant keepFrom) {
    String json;
    try {
      json = Json.mapper().writeValueAsString(snapshot);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a lag sample as JSON", e);
    }
    jdbi.useTransaction(handle -> {
      handle.createUpdate("INSERT INTO ops.lag_samples (sampled_at, snapshot) VALUES (:at, CAST(:snapshot AS jsonb))"
              + " ON CONFLICT (sampled_at) DO NOTHING")
          .bind("at", Timestamp.from(snapshot.sampledAt()))
          .bind("snapshot", json)
          .execute();
      handle.createUpdate("DELETE FROM ops.lag_samples WHERE sampled_at < :keepFrom")
          .bind("keepFrom", Timestamp.from(keepFrom))
          .execute();
    });
  }

  @Override
  public List<LagSnapshot> since(Instant from) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT snapshot::text FROM ops.lag_samples WHERE sampled_at >= :from ORDER BY sampled_at")
        .bind("from", Timestamp.from(from))
        .mapTo(String.class)
        .map(PostgresLagArchive::read)
        .list());
  }

  private static LagSnapshot read(String json) {
    try {
      return Json.mapper().readValue(json, LagSnapshot.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable lag sample in ops.lag_samples: " + e.getOriginalMessage(), e);
    }
  }
}
