package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.generations.Rebuildable;
import io.tributary.projections.projector.OffsetStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;

/** Works out what a replay would read and where the live projection stands; writes nothing. */
final class ReplayPlanner {

  private final Rebuildable<?, ?> model;
  private final Jdbi jdbi;
  private final ReplaySettings settings;
  private final GenerationStore generations = new GenerationStore();
  private final OffsetStore offsets = new OffsetStore();

  ReplayPlanner(Rebuildable<?, ?> model, Jdbi jdbi, ReplaySettings settings) {
    this.model = requireNonNull(model, "model");
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.settings = requireNonNull(settings, "settings");
  }

  ReplayPlan plan(ReplayStart start) {
    try (KafkaConsumer<byte[], byte[]> consumer = ReplayConsumer.open(model.topic(), settings)) {
      List<TopicPartition> partitions = ReplayConsumer.partitions(consumer, model.topic());
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> starts = switch (start) {
        case ReplayStart.FromBeginning ignored -> consumer.beginningOffsets(partitions);
        case ReplayStart.FromTime from -> startsAt(consumer, partitions, ends, from);
      };
      long expected = partitions.stream().mapToLong(p -> Math.max(0, ends.get(p) - starts.get(p))).sum();
      return jdbi.inTransaction(handle -> {
        int live = generations.live(handle, model.name())
            .orElseThrow(() -> new IllegalStateException("projection " + model.name() + " has no live generation"));
        Map<TopicPartition, Long> liveOffsets = offsets.load(handle, model.name(), model.topic().name());
        return new ReplayPlan(model.name(), model.topic().name(), start, starts, ends, expected, live, liveOffsets);
      });
    }
  }

  private static Map<TopicPartition, Long> startsAt(KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions, Map<TopicPartition, Long> ends, ReplayStart.FromTime from) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, from.time().toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> starts = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp hit = found.get(partition);
      // No record at or after the time: nothing to read in that partition.
      starts.put(partition, hit == null ? ends.get(partition) : hit.offset());
    }
    return starts;
  }
}
