package io.tributary.projections.status;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.generations.Rebuildable;
import io.tributary.projections.projector.OffsetStore;
import io.tributary.projections.projector.Projection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads projection status from Postgres (offsets, generations, dead letters) and Kafka (end offsets). */
public final class ProjectionStatusReader {

  private static final long KAFKA_TIMEOUT_MS = 10_000;

  private final Jdbi jdbi;
  private final Admin admin;
  private final List<Projection<?, ?>> projections;
  private final Set<String> rebuildable;
  private final GenerationStore generations = new GenerationStore();
  private final OffsetStore offsets = new OffsetStore();

  /**
   * Status of {@code projections}, in that order, of which {@code rebuildable} (by name) can be
   * rebuilt as new generations and so are reported replayable.
   *
   * @throws IllegalArgumentException when a rebuildable projection is not among {@code projections}
   */
  public ProjectionStatusReader(Jdbi jdbi, Admin admin, List<? extends Projection<?, ?>> projections,
      List<? extends Rebuildable<?, ?>> rebuildable) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.admin = requireNonNull(admin, "admin");
    this.projections = List.copyOf(projections);
    this.rebuildable = rebuildable.stream().map(Rebuildable::name).collect(Collectors.toUnmodifiableSet());
    if (!names().containsAll(this.rebuildable)) {
      throw new IllegalArgumentException("rebuildable projections " + this.rebuildable
          + " are not all among the projections " + names());
    }
  }

  /** The names of every known projection, in the order reported. */
  public List<String> names() {
    return projections.stream().map(Projection::name).toList();
  }

  /** Every known projection, by name. */
  public List<ProjectionReport> all() {
    return projections.stream().map(this::report).toList();
  }

  /** The projection named {@code name}, if known. */
  public Optional<ProjectionReport> one(String name) {
    return projections.stream().filter(p -> p.name().equals(name)).findFirst().map(this::report);
  }

  private ProjectionReport report(Projection<?, ?> projection) {
    // After a roll the live generation follows its profile's topic, not the projection's own.
    String topic = jdbi.withHandle(handle -> generations.liveGeneration(handle, projection.name()))
        .map(Generation::sourceTopic).orElse(projection.topic().name());
    Map<TopicPartition, Long> ends = endOffsets(topic);
    return jdbi.withHandle(handle -> {
      List<Generation> all = generations.all(handle).stream()
          .filter(g -> g.projection().equals(projection.name())).toList();
      int live = all.stream().filter(g -> g.state() == Generation.State.LIVE).mapToInt(Generation::generation)
          .findFirst().orElse(0);
      Generation building = all.stream().filter(g -> g.state() == Generation.State.BUILDING).findFirst()
          .orElse(null);
      Map<TopicPartition, Long> stored = offsets.load(handle, projection.name(), topic);
      List<PartitionProgress> partitions = new ArrayList<>();
      ends.keySet().stream().sorted(Comparator.comparingInt(TopicPartition::partition)).forEach(partition -> {
        long at = stored.getOrDefault(partition, 0L);
        long end = ends.get(partition);
        partitions.add(new PartitionProgress(partition.partition(), at, end, Math.max(0, end - at)));
      });
      long lag = partitions.stream().mapToLong(PartitionProgress::lag).sum();
      long open = count(handle, "SELECT count(*) FROM ops.dead_letters WHERE projection = :p AND status = 'open'",
          projection.name());
      long parked = count(handle, "SELECT count(*) FROM ops.parked_records WHERE projection = :p", projection.name());
      Optional<Map.Entry<String, Instant>> lastError = lastError(handle, projection.name(), all);
      return new ProjectionReport(projection.name(), topic, rebuildable.contains(projection.name()), live, building,
          partitions, lag, open, parked, lastError.map(Map.Entry::getKey).orElse(null), lastError.map(Map.Entry::getValue).orElse(null),
          lastError.map(e -> !e.getKey().startsWith(BUILD_ERROR_PREFIX)).orElse(false));
    });
  }

  private static long count(Handle handle, String sql, String projection) {
    return handle.createQuery(sql).bind("p", projection).mapTo(Long.class).one();
  }

  /** Starts a build's error; a dead letter's starts with its error code (upper case). */
  private static final String BUILD_ERROR_PREFIX = "generation ";

  private static Optional<Map.Entry<String, Instant>> lastError(Handle handle, String projection, List<Generation> all) {
    Optional<Map.Entry<String, Instant>> letter = handle
        .createQuery("SELECT error_code || ': ' || error_message, failed_at FROM ops.dead_letters"
            + " WHERE projection = :p ORDER BY failed_at DESC, id DESC LIMIT 1")
        .bind("p", projection)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
        .findOne();
    Optional<Map.Entry<String, Instant>> build = all.stream()
        .filter(g -> g.lastError() != null)
        .max(Comparator.comparing(Generation::updatedAt))
        .map(g -> Map.entry(BUILD_ERROR_PREFIX + g.generation() + ": " + g.lastError(), g.updatedAt()));
    if (letter.isEmpty()) {
      return build;
    }
    if (build.isEmpty()) {
      return letter;
    }
    return letter.get().getValue().isAfter(build.get().getValue()) ? letter : build;
  }

  private Map<TopicPartition, Long> endOffsets(String topic) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    Map<TopicPartition, Long> ends = new HashMap<>();
    try {
      // The cluster knows the partitions (TRIBUTARY_TOPIC_PARTITIONS), not the catalogue.
      admin.describeTopics(List.of(topic)).allTopicNames().get(KAFKA_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic)
          .partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(KAFKA_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .forEach((partition, info) -> ends.put(partition, info.offset()));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading end offsets", e);
    }
    return ends;
  }
}
