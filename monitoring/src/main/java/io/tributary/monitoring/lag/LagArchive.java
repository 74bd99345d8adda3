package io.tributary.monitoring.lag;

import java.time.Instant;
import java.util.List;

/** Where lag samples outlive the process that took them, so a restarted API keeps its history. */
public interface LagArchive {

  /** Keeps {@code snapshot} and forgets samples older than {@code keepFrom}. */
  void save(LagSnapshot snapshot, Instant keepFrom);

  /** The kept samples taken at or after {@code from}, oldest first. */
  List<LagSnapshot> since(Instant from);

  /** Keeps nothing: history lives only in memory. */
  static LagArchive none() {
    return new LagArchive() {
      @Override
      public void save(LagSnapshot snapshot, Instant keepFrom) {}

      @Override
      public List<LagSnapshot> since(Instant from) {
        return List.of();
      }
    };
  }
}
