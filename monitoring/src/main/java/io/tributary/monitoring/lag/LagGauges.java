package io.tributary.monitoring.lag;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Lag gauges ({@code tributary_lag_*}, see docs/operations.md, "Stream lag"): per group, topic and partition, and per group
 * rolled up. Gauges of partitions and groups that disappear are removed, so scrapes never show stale series.
 */
public final class LagGauges {

  static final String OFFSETS = "tributary.lag.offsets";
  static final String SECONDS = "tributary.lag.seconds";
  static final String STALLED = "tributary.lag.stalled";
  static final String RETENTION_RISK = "tributary.lag.retention.risk";
  static final String GROUP_OFFSETS = "tributary.lag.group.offsets";
  static final String GROUP_SECONDS = "tributary.lag.group.seconds";

  private static final java.util.Map<String, String> DESCRIPTIONS = java.util.Map.of(
      OFFSETS, "Records between a group's committed offset and the partition's end",
      SECONDS, "Age of the oldest record the group has not consumed, in seconds (0 when none waits)",
      STALLED, "1 when records wait and the committed offset has not moved for the stall window",
      RETENTION_RISK, "1 when the committed offset nears or is below the log start (records may be or are lost)",
      GROUP_OFFSETS, "Lag of a group in records, summed over its partitions",
      GROUP_SECONDS, "Lag of a group in seconds: the most stale of its partitions");

  private final MeterRegistry registry;
  private final Map<String, Series> series = new HashMap<>();

  public LagGauges(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  /** Sets every gauge to {@code snapshot}; registers new series and removes vanished ones. */
  public synchronized void update(LagSnapshot snapshot) {
    Set<String> seen = new HashSet<>();
    for (PartitionLag p : snapshot.partitions()) {
      Tags tags = Tags.of("group", p.group(), "topic", p.topic(), "partition", Integer.toString(p.partition()),
          "kind", p.kind().label());
      String key = "p|" + p.key();
      seen.add(key);
      series.computeIfAbsent(key, k -> new Series(tags, List.of(OFFSETS, SECONDS, STALLED, RETENTION_RISK)))
          .set(p.lagOffsets(), p.lagSeconds(), p.stalled() ? 1 : 0, p.retention().risky() ? 1 : 0);
    }
    for (GroupLag g : snapshot.groups()) {
      String key = "g|" + g.group();
      seen.add(key);
      series.computeIfAbsent(key, k -> new Series(Tags.of("group", g.group(), "kind", g.kind().label()),
          List.of(GROUP_OFFSETS, GROUP_SECONDS))).set(g.lagOffsets(), g.lagSeconds());
    }
    series.entrySet().removeIf(entry -> {
      if (seen.contains(entry.getKey())) {
        return false;
      }
      entry.getValue().meters.forEach(registry::remove);
      return true;
    });
  }

  /** Gauges sharing one tag set, each reading one slot of {@code values}. */
  private final class Series {
    private final double[] values;
    private final List<Meter> meters = new ArrayList<>();

    Series(Tags tags, List<String> names) {
      values = new double[names.size()];
      for (int i = 0; i < names.size(); i++) {
        int slot = i;
        ToDoubleFunction<Series> read = s -> s.get(slot);
        meters.add(Gauge.builder(names.get(i), this, read).description(DESCRIPTIONS.get(names.get(i))).tags(tags)
            .register(registry));
      }
    }

    synchronized void set(double... next) {
      System.arraycopy(next, 0, values, 0, values.length);
    }

    synchronized double get(int slot) {
      return values[slot];
    }
  }
}
