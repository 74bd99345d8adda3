package io.tributary.streams.intents;

import java.util.List;
import java.util.Objects;

/**
 * Which label snapshots {@code route-label prune} removes: all but the {@code keep} newest and the
 * one the active catalogue routes with. Kept snapshots are what a bad import rolls back to; every
 * other one only takes space on the topic and in every router's global table. Pure.
 */
public record LabelSnapshotRetention(int keep) {

  /** Snapshots kept by default: the current one and two to roll back to. */
  public static final int DEFAULT_KEEP = 3;

  public LabelSnapshotRetention {
    if (keep < 1) {
      throw new IllegalArgumentException("keep at least the newest snapshot (1 or more), was " + keep);
    }
  }

  /**
   * The snapshots of {@code newestFirst} to remove.
   *
   * @param active the snapshot the active catalogue names, or null when it routes without labels
   */
  public List<LabelSnapshotLog.Summary> expired(List<LabelSnapshotLog.Summary> newestFirst, String active) {
    return newestFirst.stream().skip(keep).filter(s -> !Objects.equals(s.snapshot(), active)).toList();
  }
}
