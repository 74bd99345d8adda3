package io.tributary.edge.lag;

import io.tributary.monitoring.lag.DeadLetterCount;
import io.tributary.monitoring.lag.GroupLag;
import io.tributary.monitoring.lag.LagSettings;
import io.tributary.monitoring.lag.LagSnapshot;
import io.tributary.monitoring.lag.PartitionLag;
import io.tributary.monitoring.lag.Retention;
import io.tributary.monitoring.lag.Trend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of {@code /api/v1/lag}: snake_case records built from snapshots. */
public final class LagViews {

  private LagViews() {}

  /** {@code GET /api/v1/lag} and each event of the stream. */
  public record Current(Instant sampledAt, double intervalSeconds, double stallWindowSeconds, String lastError,
      List<Group> groups, List<Partition> partitions, List<DeadLetterCount> deadLetterTopics) {}

  /** One group rolled up. */
  public record Group(String group, String kind, String state, int members, int partitions, long committedOffsets,
      long lagOffsets, double lagSeconds, Trend trend, boolean stalled, int stalledPartitions, String retention,
      boolean retentionRisk) {}

  /** One group in one partition. */
  public record Partition(String group, String kind, String topic, int partition, long committedOffset,
      long endOffset, long logStartOffset, long lagOffsets, double lagSeconds, Trend trend, boolean stalled,
      String retention, boolean retentionRisk) {}

  /** {@code GET /api/v1/lag/history}: one series per group, oldest point first. */
  public record History(int minutes, double intervalSeconds, List<Series> groups) {}

  /** The history of one group. */
  public record Series(String group, String kind, List<Point> points) {}

  /** One sample of a group. */
  public record Point(Instant at, long committedOffsets, long lagOffsets, double lagSeconds, boolean stalled,
      boolean retentionRisk) {}

  static Current current(LagSnapshot snapshot, LagSettings settings, String lastError) {
    return new Current(snapshot.sampledAt(), seconds(settings.interval()), seconds(settings.stallWindow()), lastError,
        snapshot.groups().stream().map(LagViews::group).toList(),
        snapshot.partitions().stream().map(LagViews::partition).toList(), snapshot.deadLetters());
  }

  static History history(List<LagSnapshot> snapshots, int minutes, LagSettings settings) {
    Map<String, String> kinds = new LinkedHashMap<>();
    Map<String, List<Point>> points = new LinkedHashMap<>();
    for (LagSnapshot snapshot : snapshots) {
      for (GroupLag g : snapshot.groups()) {
        kinds.putIfAbsent(g.group(), g.kind().label());
        points.computeIfAbsent(g.group(), k -> new ArrayList<>()).add(new Point(snapshot.sampledAt(),
            g.committedOffsets(), g.lagOffsets(), g.lagSeconds(), g.stalled(), g.retention().risky()));
      }
    }
    List<Series> series = points.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> new Series(e.getKey(), kinds.get(e.getKey()), e.getValue())).toList();
    return new History(minutes, seconds(settings.interval()), series);
  }

  private static Group group(GroupLag g) {
    return new Group(g.group(), g.kind().label(), g.state(), g.members(), g.partitions(), g.committedOffsets(),
        g.lagOffsets(), g.lagSeconds(), g.trend(), g.stalled(), g.stalledPartitions(), label(g.retention()),
        g.retention().risky());
  }

  private static Partition partition(PartitionLag p) {
    return new Partition(p.group(), p.kind().label(), p.topic(), p.partition(), p.committedOffset(), p.endOffset(),
        p.logStartOffset(), p.lagOffsets(), p.lagSeconds(), p.trend(), p.stalled(), label(p.retention()),
        p.retention().risky());
  }

  private static String label(Retention retention) {
    return retention.name().toLowerCase(Locale.ROOT);
  }

  private static double seconds(java.time.Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
