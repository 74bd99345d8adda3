package io.tributary.edge.lag;

import java.time.Instant;
import java.util.List;

/** Everything read from Kafka and Postgres at one sampling instant, before anything is derived. */
public record LagReading(Instant at, List<GroupMembership> groups, List<PartitionPosition> partitions,
    List<DeadLetterCount> deadLetters) {
  public LagReading {
    deadLetters = List.copyOf(deadLetters);
    groups = List.copyOf(groups);
    partitions = List.copyOf(partitions);
  }
}
