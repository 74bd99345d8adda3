package io.tributary.monitoring.lag;

import java.time.Instant;
import java.util.List;

/**
 * Everything read from Kafka and Postgres at one sampling instant, before anything is derived.
 *
 * @param problems what could not be read this time while the rest could (e.g. Postgres down: no projector
 *     positions from it); empty when everything was read
 */
public record LagReading(Instant at, List<GroupMembership> groups, List<PartitionPosition> partitions,
    List<DeadLetterCount> deadLetters, List<String> problems) {

  /** A complete reading. */
  public LagReading(Instant at, List<GroupMembership> groups, List<PartitionPosition> partitions,
      List<DeadLetterCount> deadLetters) {
    this(at, groups, partitions, deadLetters, List.of());
  }

  public LagReading {
    problems = List.copyOf(problems);
    deadLetters = List.copyOf(deadLetters);
    groups = List.copyOf(groups);
    partitions = List.copyOf(partitions);
  }
}
