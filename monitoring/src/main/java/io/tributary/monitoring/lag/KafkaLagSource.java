package io.tributary.monitoring.lag;

import static java.util.Objects.requireNonNull;

import io.tributary.monitoring.lag.OldestRecordProbe.Position;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import io.tributary.projections.projector.ProjectorRunner;

/**
 * Reads every consumer group from Kafka with the AdminClient (state, members, committed offsets), the projectors'
 * positions from Postgres, the log start and end of each partition, and the timestamp of the oldest unconsumed
 * record with {@link OldestRecordProbe}.
 */
public final class KafkaLagSource implements LagSource, AutoCloseable {

  /** Dead-letter topics end so (see {@code schemas} Topic#deadLetters). */
  private static final String DEAD_LETTER_SUFFIX = ".dlq.v1";

  private final Admin admin;
  private final Set<String> streamsGroups;
  private final ProjectionPositions projections;
  private final OldestRecordProbe probe;
  private final Duration timeout;

  /**
   * @param streamsGroups application ids of the Kafka Streams apps (their kind is {@code streams})
   * @param projections projector positions; {@code null} when no database is at hand
   */
  public KafkaLagSource(Admin admin, Set<String> streamsGroups, ProjectionPositions projections,
      OldestRecordProbe probe, Duration timeout) {
    this.admin = requireNonNull(admin, "admin");
    this.streamsGroups = Set.copyOf(streamsGroups);
    this.projections = projections;
    this.probe = requireNonNull(probe, "probe");
    this.timeout = requireNonNull(timeout, "timeout");
  }

  @Override
  public LagReading read(Instant at) {
    Collection<GroupListing> listings = get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
    List<String> ids = listings.stream().map(GroupListing::groupId).sorted().toList();
    Map<String, ConsumerGroupDescription> descriptions =
        ids.isEmpty() ? Map.of() : get(admin.describeConsumerGroups(ids).all());
    Map<String, Map<TopicPartition, Long>> committed = new TreeMap<>(kafkaCommitted(ids));
    List<String> problems = new ArrayList<>();
    Map<String, Map<TopicPartition, Long>> stored = storedPositions(problems);
    committed.putAll(withEveryPartition(stored));

    List<GroupMembership> groups = new ArrayList<>();
    for (String group : committed.keySet()) {
      ConsumerGroupDescription description = descriptions.get(group);
      groups.add(new GroupMembership(group, kind(group, stored.keySet()),
          description == null ? "Unknown" : description.groupState().toString(),
          description == null ? 0 : description.members().size()));
    }
    Set<TopicPartition> partitions = committed.values().stream().flatMap(m -> m.keySet().stream())
        .collect(Collectors.toSet());
    Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());

    Map<Position, Long> toProbe = new HashMap<>();
    committed.values().forEach(offsets -> offsets.forEach((partition, offset) -> {
      if (ends.containsKey(partition)) {
        toProbe.put(new Position(partition, offset), ends.get(partition));
      }
    }));
    Map<Position, Instant> oldest = probe.oldest(toProbe);

    List<PartitionPosition> positions = new ArrayList<>();
    Map<String, GroupKind> kinds = groups.stream()
        .collect(Collectors.toMap(GroupMembership::group, GroupMembership::kind));
    committed.forEach((group, offsets) -> offsets.forEach((partition, offset) -> {
      if (ends.containsKey(partition)) {
        positions.add(new PartitionPosition(group, kinds.get(group), partition.topic(), partition.partition(),
            offset, ends.get(partition), starts.getOrDefault(partition, 0L),
            oldest.get(new Position(partition, offset))));
      }
    }));
    return new LagReading(at, groups, positions, deadLetters(), problems);
  }

  /**
   * The projectors' positions; when Postgres cannot be read, none (their Kafka group offsets stand in) and a
   * problem: the streams apps' lag matters most exactly while the database is away.
   */
  private Map<String, Map<TopicPartition, Long>> storedPositions(List<String> problems) {
    if (projections == null) {
      return Map.of();
    }
    try {
      return projections.read();
    } catch (RuntimeException e) {
      problems.add("projector offsets unreadable in Postgres (Kafka group offsets shown instead): "
          + e.getClass().getSimpleName());
      return Map.of();
    }
  }

  private List<DeadLetterCount> deadLetters() {
    List<String> topics = get(admin.listTopics().names()).stream().filter(t -> t.endsWith(DEAD_LETTER_SUFFIX))
        .sorted().toList();
    if (topics.isEmpty()) {
      return List.of();
    }
    Set<TopicPartition> partitions = new java.util.HashSet<>();
    get(admin.describeTopics(topics).allTopicNames()).forEach((topic, description) -> description.partitions()
        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
    Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
    return topics.stream().map(topic -> {
      long end = ends.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue)
          .sum();
      long start = starts.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
          .mapToLong(Map.Entry::getValue).sum();
      return new DeadLetterCount(topic, end, end - start);
    }).toList();
  }

  private GroupKind kind(String group, Set<String> projectionGroups) {
    if (streamsGroups.contains(group)) {
      return GroupKind.STREAMS;
    }
    boolean projector = projectionGroups.contains(group) || group.startsWith(ProjectorRunner.GROUP_PREFIX);
    return projector ? GroupKind.PROJECTION : GroupKind.CONSUMER;
  }

  private Map<String, Map<TopicPartition, Long>> kafkaCommitted(List<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
    ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
    Map<String, Map<TopicPartition, OffsetAndMetadata>> all = get(admin.listConsumerGroupOffsets(specs).all());
    Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
    all.forEach((group, offsets) -> {
      Map<TopicPartition, Long> own = new HashMap<>();
      offsets.forEach((partition, offset) -> {
        if (offset != null) {
          own.put(partition, offset.offset());
        }
      });
      if (!own.isEmpty()) {
        committed.put(group, own);
      }
    });
    return committed;
  }

  /** A projector has not stored an offset for partitions it never received a record from: it stands at 0. */
  private Map<String, Map<TopicPartition, Long>> withEveryPartition(Map<String, Map<TopicPartition, Long>> stored) {
    Set<String> topics = stored.values().stream().flatMap(m -> m.keySet().stream()).map(TopicPartition::topic)
        .collect(Collectors.toSet());
    if (topics.isEmpty()) {
      return stored;
    }
    Map<String, TopicDescription> described = get(admin.describeTopics(topics).allTopicNames());
    Map<String, Map<TopicPartition, Long>> complete = new HashMap<>();
    stored.forEach((group, offsets) -> {
      Map<TopicPartition, Long> all = new HashMap<>(offsets);
      offsets.keySet().stream().map(TopicPartition::topic).distinct().forEach(topic ->
          described.get(topic).partitions().forEach(p -> all.putIfAbsent(new TopicPartition(topic, p.partition()), 0L)));
      complete.put(group, all);
    });
    return complete;
  }

  private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(p, spec));
    ListOffsetsResult result = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    // One by one: a group may still hold offsets of a deleted topic, which must not hide every other partition.
    for (TopicPartition partition : partitions) {
      try {
        offsets.put(partition, result.partitionResult(partition).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("cannot read offsets of " + partition + ": " + e.getCause(), e);
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("timed out reading offsets of " + partition, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading offsets", e);
      }
    }
    return offsets;
  }

  private <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("cannot read consumer lag from Kafka: " + cause, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading consumer lag", e);
    }
  }

  @Override
  public void close() {
    probe.close();
  }
}
