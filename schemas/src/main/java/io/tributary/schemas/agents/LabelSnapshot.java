package io.tributary.schemas.agents;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One tenant's labels frozen at one moment, as written to the compacted
 * {@code agents.label-snapshots.v1}; key = {@link #key(String, String) snapshot id/tenant}. A
 * snapshot never changes once written, so a catalogue that names it routes the same way whenever
 * it is replayed, and publishing the previous id rolls a bad import back (ADR 0029).
 *
 * @param snapshot the snapshot id, shared by every tenant's part
 * @param examples the tenant's labels after the snapshot's size bound and age limit, newest first
 *     per agent
 */
public record LabelSnapshot(String snapshot, String tenant, Instant createdAt, List<LabelledExample> examples) {

  public LabelSnapshot {
    requireNonNull(snapshot, "snapshot");
    requireNonNull(tenant, "tenant");
    examples = examples == null ? List.of() : List.copyOf(examples);
  }

  /** The record key of one tenant's part of a snapshot. */
  public static String key(String snapshot, String tenant) {
    return snapshot + "/" + tenant;
  }
}
