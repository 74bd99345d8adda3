package io.tributary.monitoring.lag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The most recent snapshots, oldest first, in a ring buffer of fixed capacity (older ones are dropped). */
public final class LagHistory {

  private final LagSnapshot[] ring;
  private int next;
  private int size;

  public LagHistory(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("lag history needs room for at least 2 snapshots, was " + capacity);
    }
    this.ring = new LagSnapshot[capacity];
  }

  /** Appends {@code snapshot}, dropping the oldest when full. */
  public synchronized void add(LagSnapshot snapshot) {
    ring[next] = snapshot;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
  }

  /** Every kept snapshot sampled at or after {@code from}, oldest first. */
  public synchronized List<LagSnapshot> since(Instant from) {
    List<LagSnapshot> snapshots = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      LagSnapshot snapshot = ring[(next - size + i + ring.length) % ring.length];
      if (!snapshot.sampledAt().isBefore(from)) {
        snapshots.add(snapshot);
      }
    }
    return snapshots;
  }

  /** Every kept snapshot, oldest first. */
  public List<LagSnapshot> all() {
    return since(Instant.MIN);
  }

  public int capacity() {
    return ring.length;
  }
}
