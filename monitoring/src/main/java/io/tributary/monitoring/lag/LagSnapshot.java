package io.tributary.monitoring.lag;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Lag of every group and partition at one sampling instant: what the API, the gauges and the CLI show. */
public record LagSnapshot(Instant sampledAt, List<GroupLag> groups, List<PartitionLag> partitions,
    List<DeadLetterCount> deadLetters) {

  public LagSnapshot {
    deadLetters = List.copyOf(deadLetters);
    groups = List.copyOf(groups);
    partitions = List.copyOf(partitions);
  }

  /** A snapshot with nothing in it, before the first sample. */
  public static LagSnapshot empty(Instant at) {
    return new LagSnapshot(at, List.of(), List.of(), List.of());
  }

  /** The group named {@code group}, if it was sampled. */
  public Optional<GroupLag> group(String group) {
    return groups.stream().filter(g -> g.group().equals(group)).findFirst();
  }

  /** Only {@code group} and its partitions. */
  public LagSnapshot only(String group) {
    return new LagSnapshot(sampledAt, groups.stream().filter(g -> g.group().equals(group)).toList(),
        partitions.stream().filter(p -> p.group().equals(group)).toList(), deadLetters);
  }
}
