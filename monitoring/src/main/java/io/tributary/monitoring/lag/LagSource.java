package io.tributary.monitoring.lag;

import java.time.Instant;

/** Reads where every consumer group stands; the collector derives lag from it. */
@FunctionalInterface
public interface LagSource {

  /** Positions and group states read now, stamped {@code at}. */
  LagReading read(Instant at);
}
