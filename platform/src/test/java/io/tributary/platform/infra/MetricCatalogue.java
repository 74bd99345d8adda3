package io.tributary.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The metric names dashboards and rules may use, with their labels where known: the series the
 * code exports (exposition names: counters end in {@code _total}, histograms come as
 * {@code _bucket}, {@code _count}, {@code _sum}) plus the series Prometheus makes itself.
 *
 * @param labels metric name to its labels; an empty set means the labels are not declared (not checked)
 */
record MetricCatalogue(Map<String, Set<String>> labels) {

  /** Labels Prometheus adds to every scraped series. */
  static final Set<String> TARGET_LABELS = Set.of("job", "instance");

  /** Series every Prometheus has without any exporter: scrape health and alert state. */
  static final Map<String, Set<String>> PROMETHEUS_SERIES = Map.of(
      "up", TARGET_LABELS, "ALERTS", Set.of(), "ALERTS_FOR_STATE", Set.of(),
      "scrape_duration_seconds", TARGET_LABELS, "scrape_samples_scraped", TARGET_LABELS,
      "scrape_samples_post_metric_relabeling", TARGET_LABELS, "scrape_series_added", TARGET_LABELS);

  MetricCatalogue {
    labels = Map.copyOf(labels);
  }

  /**
   * The exported series {@code lines} list, one per line: a name, optionally followed by its labels
   * separated by commas ({@code tributary_lag_offsets group,topic,partition,kind}); blank lines and
   * {@code #} comments are ignored. Prometheus' own series are added.
   */
  static MetricCatalogue of(List<String> lines) {
    Map<String, Set<String>> labels = new HashMap<>(PROMETHEUS_SERIES);
    for (String line : lines) {
      String entry = line.strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      String[] parts = entry.split("\\s+", 2);
      Set<String> declared = parts.length < 2 ? Set.of()
          : Arrays.stream(parts[1].split(",")).map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toSet());
      labels.put(parts[0], declared);
    }
    return new MetricCatalogue(labels);
  }

  /** {@link #of(List)} of a file. */
  static MetricCatalogue read(Path file) {
    try {
      return of(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** This catalogue plus {@code names} with undeclared labels (the series recording rules define). */
  MetricCatalogue with(Set<String> names) {
    Map<String, Set<String>> all = new HashMap<>(labels);
    names.forEach(name -> all.putIfAbsent(name, Set.of()));
    return new MetricCatalogue(all);
  }

  boolean knows(String name) {
    return labels.containsKey(name);
  }

  /**
   * The labels a series of {@code name} can carry (declared ones, target labels, {@code le} on
   * buckets); empty when the name is unknown or its labels are not declared.
   */
  Optional<Set<String>> labelsOf(String name) {
    Set<String> declared = labels.getOrDefault(name, Set.of());
    if (declared.isEmpty()) {
      return Optional.empty();
    }
    Set<String> all = new java.util.HashSet<>(declared);
    all.addAll(TARGET_LABELS);
    if (name.endsWith("_bucket")) {
      all.add("le");
    }
    return Optional.of(all);
  }
}
