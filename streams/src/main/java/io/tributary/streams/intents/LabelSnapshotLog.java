package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Reads the label snapshots on {@code agents.label-snapshots.v1} to its end, without a consumer
 * group: the parts of given snapshots (what a catalogue would route with), or a summary of every
 * snapshot. As in the routers' global table, a part is found by its key; one whose value cannot be
 * read is skipped.
 */
public final class LabelSnapshotLog {

  private final KafkaClients kafka;

  public LabelSnapshotLog(KafkaClients kafka) {
    this.kafka = requireNonNull(kafka, "kafka");
  }

  /** Every part of {@code snapshots}, keyed by {@link LabelSnapshot#key(String, String)} for {@link LabelSource#of}. */
  public Map<String, LabelSnapshot> parts(Collection<String> snapshots, Duration timeout) {
    Set<String> wanted = Set.copyOf(snapshots);
    Map<String, LabelSnapshot> parts = new HashMap<>();
    if (wanted.isEmpty()) {
      return parts;
    }
    readParts(timeout, wanted, (key, part) -> {
      if (part == null) {
        parts.remove(key);
      } else {
        parts.put(key, part);
      }
    });
    return parts;
  }

  /** Every snapshot on the topic, newest first; a summary only, the labels themselves are not kept. */
  public List<Summary> list(Duration timeout) {
    Map<String, PartSummary> latest = new HashMap<>();
    readParts(timeout, null, (key, part) -> {
      if (part == null) {
        latest.remove(key);
      } else {
        int slash = key.indexOf('/');
        latest.put(key, new PartSummary(key.substring(0, slash), key.substring(slash + 1), part.createdAt(),
            part.examples().size()));
      }
    });
    Map<String, List<PartSummary>> bySnapshot = new HashMap<>();
    latest.values().forEach(p -> bySnapshot.computeIfAbsent(p.snapshot(), s -> new ArrayList<>()).add(p));
    List<Summary> summaries = new ArrayList<>();
    bySnapshot.forEach((snapshot, parts) -> {
      Map<String, Integer> byTenant = new TreeMap<>();
      parts.forEach(p -> byTenant.put(p.tenant(), p.labels()));
      Instant created = parts.stream().map(PartSummary::createdAt).filter(Objects::nonNull)
          .max(Comparator.naturalOrder()).orElse(null);
      summaries.add(new Summary(snapshot, created, byTenant));
    });
    summaries.sort(Comparator.comparing(Summary::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(Summary::snapshot));
    return summaries;
  }

  /**
   * One snapshot on the topic.
   *
   * @param createdAt when its latest part was written
   * @param labelsByTenant labels kept per tenant (the tenants with a part)
   */
  public record Summary(String snapshot, Instant createdAt, Map<String, Integer> labelsByTenant) {

    /** Labels of all tenants. */
    public int labels() {
      return labelsByTenant.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private record PartSummary(String snapshot, String tenant, Instant createdAt, int labels) {}

  /** Hands each readable part (null: a tombstone) of {@code wanted} (null: all) snapshots to {@code each}. */
  private void readParts(Duration timeout, Set<String> wanted, BiConsumer<String, LabelSnapshot> each) {
    JsonSerde<LabelSnapshot> serde = JsonSerde.of(LabelSnapshot.class);
    TopicToEnd.read(kafka, "tributary-label-snapshot-reader", Topics.AGENTS_LABEL_SNAPSHOTS.name(), timeout,
        record -> {
          if (record.key() == null) {
            return;
          }
          String key = new String(record.key(), StandardCharsets.UTF_8);
          int slash = key.indexOf('/');
          if (slash < 1 || (wanted != null && !wanted.contains(key.substring(0, slash)))) {
            return;
          }
          if (record.value() == null) {
            each.accept(key, null);
            return;
          }
          LabelSnapshot part;
          try {
            part = serde.fromBytes(record.value());
          } catch (RuntimeException e) {
            return;
          }
          each.accept(key, part);
        });
  }
}
