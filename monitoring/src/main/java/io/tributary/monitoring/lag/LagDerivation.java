package io.tributary.monitoring.lag;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a reading into a snapshot: lag in offsets and seconds, then trend, stall and retention from history. */
public final class LagDerivation {

  private final StallRule stall;
  private final Duration trendWindow;
  private final long retentionMarginOffsets;

  public LagDerivation(Duration stallWindow, Duration trendWindow, long retentionMarginOffsets) {
    this.stall = new StallRule(stallWindow);
    this.trendWindow = requireNonNull(trendWindow, "trendWindow");
    if (retentionMarginOffsets < 0) {
      throw new IllegalArgumentException("retention margin must be >= 0, was " + retentionMarginOffsets);
    }
    this.retentionMarginOffsets = retentionMarginOffsets;
  }

  /** How far back history must reach for this derivation. */
  public Duration lookBack() {
    return stall.window().compareTo(trendWindow) > 0 ? stall.window() : trendWindow;
  }

  /** The snapshot of {@code reading}, given {@code history} (oldest first, as kept by {@link LagHistory}). */
  public LagSnapshot derive(LagReading reading, List<LagSnapshot> history) {
    Map<String, List<LagPoint>> partitionSeries = new HashMap<>();
    Map<String, List<LagPoint>> groupSeries = new HashMap<>();
    for (LagSnapshot past : history) {
      past.partitions().forEach(p ->
          partitionSeries.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.point(past.sampledAt())));
      past.groups().forEach(g ->
          groupSeries.computeIfAbsent(g.group(), k -> new ArrayList<>()).add(g.point(past.sampledAt())));
    }
    List<PartitionLag> partitions = new ArrayList<>();
    for (PartitionPosition position : reading.partitions()) {
      double seconds = position.oldestUnconsumed() == null || position.offsetLag() == 0 ? 0
          : Math.max(0, Duration.between(position.oldestUnconsumed(), reading.at()).toMillis() / 1000.0);
      LagPoint current = new LagPoint(reading.at(), position.committed(), position.offsetLag(), seconds);
      List<LagPoint> past = partitionSeries.getOrDefault(position.key(), List.of());
      boolean waiting = position.oldestUnconsumed() != null;
      partitions.add(new PartitionLag(position.group(), position.kind(), position.topic(), position.partition(),
          position.committed(), position.end(), position.logStart(), position.offsetLag(), seconds,
          Trend.over(past, current, trendWindow), stall.stalled(past, current, waiting),
          Retention.of(position.committed(), position.logStart(), position.end(), retentionMarginOffsets)));
    }
    partitions.sort(Comparator.comparing(PartitionLag::group).thenComparing(PartitionLag::topic)
        .thenComparingInt(PartitionLag::partition));
    List<GroupLag> groups = GroupRollup.of(reading.groups(), partitions).stream()
        .map(g -> withTrend(g, Trend.over(groupSeries.getOrDefault(g.group(), List.of()), g.point(reading.at()),
            trendWindow)))
        .toList();
    return new LagSnapshot(reading.at(), groups, partitions, reading.deadLetters());
  }

  private static GroupLag withTrend(GroupLag g, Trend trend) {
    return new GroupLag(g.group(), g.kind(), g.state(), g.members(), g.partitions(), g.committedOffsets(),
        g.lagOffsets(), g.lagSeconds(), trend, g.stalledPartitions(), g.retention());
  }
}
