package io.tributary.projections.replay;

import java.util.Comparator;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What a replay will do, printed by {@code --dry-run} before anything is written.
 *
 * @param projection the live projection rebuilt
 * @param topic the topic read
 * @param start where reading starts
 * @param startOffsets first offset read per partition
 * @param endOffsets offset the bulk load reads up to per partition (then it catches up to the live end)
 * @param recordsExpected sum of end minus start: an upper bound, compaction and markers leave gaps
 * @param liveGeneration the generation queries see now
 * @param liveOffsets the live projection's stored next offsets
 */
public record ReplayPlan(
    String projection,
    String topic,
    ReplayStart start,
    Map<TopicPartition, Long> startOffsets,
    Map<TopicPartition, Long> endOffsets,
    long recordsExpected,
    int liveGeneration,
    Map<TopicPartition, Long> liveOffsets) {

  public ReplayPlan {
    startOffsets = Map.copyOf(startOffsets);
    endOffsets = Map.copyOf(endOffsets);
    liveOffsets = Map.copyOf(liveOffsets);
  }

  /** The plan as printed by {@code tributary replay --dry-run}. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append("replay of projection ").append(projection).append(" from ").append(start.describe()).append('\n');
    text.append("  topic ").append(topic).append(", live generation ").append(liveGeneration)
        .append(", new generation built beside it\n");
    startOffsets.keySet().stream()
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .forEach(partition -> text.append("  partition ").append(partition.partition())
            .append(": offsets ").append(startOffsets.get(partition)).append(" .. ")
            .append(endOffsets.get(partition)).append(" (live projection at ")
            .append(liveOffsets.getOrDefault(partition, 0L)).append(")\n"));
    text.append("  records expected: at most ").append(recordsExpected)
        .append(" (bulk load without secondary indexes, then index build, catch-up and atomic switch)");
    return text.toString();
  }
}
