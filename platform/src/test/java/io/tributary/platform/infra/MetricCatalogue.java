package io.tributary.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The metric names dashboards and rules may use: the series the code exports (exposition names:
 * counters end in {@code _total}, histograms come as {@code _bucket}, {@code _count}, {@code _sum})
 * plus the series Prometheus makes itself.
 */
record MetricCatalogue(Set<String> names) {

  /** Series every Prometheus has without any exporter: scrape health and alert state. */
  static final Set<String> PROMETHEUS_SERIES = Set.of("up", "ALERTS", "ALERTS_FOR_STATE", "scrape_duration_seconds",
      "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added");

  MetricCatalogue {
    names = Set.copyOf(names);
  }

  /** The exported names {@code lines} list (one per line; blank lines and {@code #} comments ignored) plus Prometheus' own. */
  static MetricCatalogue of(List<String> lines) {
    Set<String> names = new HashSet<>(PROMETHEUS_SERIES);
    for (String line : lines) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        names.add(name);
      }
    }
    return new MetricCatalogue(names);
  }

  /** {@link #of(List)} of a file. */
  static MetricCatalogue read(Path file) {
    try {
      return of(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** This catalogue plus {@code more} (the series recording rules define). */
  MetricCatalogue with(Set<String> more) {
    Set<String> all = new HashSet<>(names);
    all.addAll(more);
    return new MetricCatalogue(all);
  }

  boolean knows(String name) {
    return names.contains(name);
  }
}
