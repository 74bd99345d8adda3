package io.tributary.schemas.agents;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How a catalogue routes with labelled examples (ADR 0029): which label snapshot, and how its
 * nearest-neighbour vote mixes with the agents' own scores. A tenant's combined score for agent
 * {@code a} is {@code (1 − weight) · catalogue score(a) + weight · vote(a)}, where {@code vote(a)}
 * is the similarity-weighted share of {@code a} among the {@code neighbours} nearest examples
 * (catalogue examples plus the tenant's labels; {@code default} labels vote for no agent).
 *
 * @param snapshot the label snapshot id routers use
 * @param neighbours k of the vote
 * @param weight share of the vote in the combined score, in [0, 1]
 * @param minConfidence threshold of the combined score for agents without their own in {@code thresholds}
 * @param thresholds per-agent thresholds of the combined score (fitted by {@code route-eval --learn})
 */
public record LabelSettings(
    String snapshot, int neighbours, double weight, double minConfidence, Map<String, Double> thresholds) {

  /** k when a catalogue names none. */
  public static final int DEFAULT_NEIGHBOURS = 10;

  /** Vote weight when a catalogue names none. */
  public static final double DEFAULT_WEIGHT = 0.5;

  /** Snapshot ids: what {@code route-label snapshot} prints. */
  public static final Pattern VALID_SNAPSHOT = Pattern.compile("^ls-[0-9a-f]{12}$");

  public LabelSettings {
    requireNonNull(snapshot, "snapshot");
    if (!VALID_SNAPSHOT.matcher(snapshot).matches()) {
      throw new IllegalArgumentException("label snapshot '" + snapshot + "' must match " + VALID_SNAPSHOT.pattern());
    }
    if (neighbours < 1 || neighbours > 200) {
      throw new IllegalArgumentException("labels.neighbours must be in [1, 200], was " + neighbours);
    }
    if (weight < 0 || weight > 1) {
      throw new IllegalArgumentException("labels.weight must be in [0, 1], was " + weight);
    }
    if (minConfidence < -1 || minConfidence > 1) {
      throw new IllegalArgumentException("labels.min_confidence must be in [-1, 1], was " + minConfidence);
    }
    // Sorted, so the catalogue's content hash does not depend on map order.
    thresholds = thresholds == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(thresholds));
    thresholds.forEach((agent, value) -> {
      if (value < -1 || value > 1) {
        throw new IllegalArgumentException("labels.thresholds." + agent + " must be in [-1, 1], was " + value);
      }
    });
  }

  /** The threshold of the combined score for {@code agent}. */
  public double threshold(String agent) {
    return thresholds.getOrDefault(agent, minConfidence);
  }

  /** The same settings naming another snapshot. */
  public LabelSettings withSnapshot(String other) {
    return new LabelSettings(other, neighbours, weight, minConfidence, thresholds);
  }
}
