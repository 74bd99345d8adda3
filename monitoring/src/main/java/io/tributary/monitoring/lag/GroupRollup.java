package io.tributary.monitoring.lag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rolls partitions up per group: offsets summed, seconds maximised, the worst flags kept. */
public final class GroupRollup {

  private GroupRollup() {}

  /**
   * One {@link GroupLag} per group in {@code memberships} or {@code partitions}, sorted by group; the trend
   * is left {@link Trend#FLAT} (it needs the group's history, see {@link LagDerivation}).
   */
  public static List<GroupLag> of(List<GroupMembership> memberships, List<PartitionLag> partitions) {
    Map<String, GroupMembership> byGroup = new LinkedHashMap<>();
    memberships.forEach(m -> byGroup.put(m.group(), m));
    Map<String, List<PartitionLag>> parts = new LinkedHashMap<>();
    for (PartitionLag partition : partitions) {
      parts.computeIfAbsent(partition.group(), g -> new ArrayList<>()).add(partition);
      byGroup.putIfAbsent(partition.group(), new GroupMembership(partition.group(), partition.kind(), "Unknown", 0));
    }
    List<GroupLag> groups = new ArrayList<>();
    for (GroupMembership membership : byGroup.values()) {
      List<PartitionLag> own = parts.getOrDefault(membership.group(), List.of());
      long committed = own.stream().mapToLong(PartitionLag::committedOffset).sum();
      long offsets = own.stream().mapToLong(PartitionLag::lagOffsets).sum();
      double seconds = own.stream().mapToDouble(PartitionLag::lagSeconds).max().orElse(0);
      int stalled = (int) own.stream().filter(PartitionLag::stalled).count();
      Retention worst = own.stream().map(PartitionLag::retention).max(Comparator.naturalOrder()).orElse(Retention.OK);
      groups.add(new GroupLag(membership.group(), membership.kind(), membership.state(), membership.members(),
          own.size(), committed, offsets, seconds, Trend.FLAT, stalled, worst));
    }
    groups.sort(Comparator.comparing(GroupLag::group));
    return groups;
  }
}
