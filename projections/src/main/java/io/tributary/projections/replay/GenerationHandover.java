package io.tributary.projections.replay;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** Moves a rebuilt generation's ops rows (dead letters, parked records) to the live projection's name. */
final class GenerationHandover {

  private GenerationHandover() {}

  /** At the switch: the new generation's dead letters and parked records replace the old one's. */
  static void moveOpsRows(Handle handle, String building, String live) {
    // Parked records of the old generation were replayed into the new one: they are done.
    handle.createUpdate("DELETE FROM ops.parked_records WHERE projection = :live").bind("live", live).execute();
    handle.createUpdate("UPDATE ops.parked_records SET projection = :live WHERE projection = :building")
        .bind("live", live).bind("building", building).execute();
    // A record refused by both generations keeps only the new letter (the unique key is per record).
    handle.createUpdate(
            """
            DELETE FROM ops.dead_letters d WHERE d.projection = :live AND EXISTS (
                SELECT 1 FROM ops.dead_letters b WHERE b.projection = :building
                AND b.topic = d.topic AND b.partition = d.partition AND b."offset" = d."offset")
            """)
        .bind("live", live).bind("building", building).execute();
    handle.createUpdate("UPDATE ops.dead_letters SET status = 'superseded', resolved_at = now()"
            + " WHERE projection = :live AND status = 'open'")
        .bind("live", live).execute();
    handle.createUpdate("UPDATE ops.dead_letters SET projection = :live WHERE projection = :building")
        .bind("live", live).bind("building", building).execute();
    handle.createUpdate("DELETE FROM ops.projection_offsets WHERE projection = :building")
        .bind("building", building).execute();
  }

  /** After an abort: nothing of the dropped generation stays behind. */
  static void deleteOpsRows(Handle handle, String building) {
    for (String table : List.of("parked_records", "dead_letters", "projection_offsets")) {
      handle.createUpdate("DELETE FROM ops.<table> WHERE projection = :building")
          .define("table", table).bind("building", building).execute();
    }
  }
}
