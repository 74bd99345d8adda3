package io.tributary.platform.telemetry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape in the Prometheus text format, read back for tests; and the metrics table of docs/observability.md. */
public final class MetricsExposition {

  private static final List<String> SAMPLE_SUFFIXES = List.of("_bucket", "_count", "_sum", "_created");
  private static final Pattern README_ROW =
      Pattern.compile("^\\|\\s*`(tributary_[a-z_]+)`\\s*\\|\\s*(\\w+)\\s*\\|([^|]*)\\|.*\\|\\s*$");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A row of the metrics table: type and label names. */
  public record Documented(String type, Set<String> labels) {}

  private final Map<String, String> types;
  private final List<Sample> samples;

  private MetricsExposition(Map<String, String> types, List<Sample> samples) {
    this.types = types;
    this.samples = samples;
  }

  /** Parses {@code text}. */
  public static MetricsExposition parse(String text) {
    Map<String, String> types = new HashMap<>();
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        String name = parts[2];
        String type = parts[3];
        types.put(type.equals("counter") && !name.endsWith("_total") ? name + "_total" : name, type);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(sample(line));
      }
    }
    return new MetricsExposition(types, samples);
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (brace < 0 || brace > space) {
      String[] parts = line.split(" ");
      return new Sample(parts[0], Map.of(), Double.parseDouble(parts[1]));
    }
    String name = line.substring(0, brace);
    Map<String, String> labels = new LinkedHashMap<>();
    int i = brace + 1;
    while (line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String key = line.substring(i, eq);
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      while (line.charAt(j) != '"') {
        if (line.charAt(j) == '\\') {
          j++;
        }
        value.append(line.charAt(j++));
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    String rest = line.substring(i + 1).strip();
    return new Sample(name, labels, Double.parseDouble(rest.split(" ")[0]));
  }

  /**
   * Metric families whose name starts with {@code prefix}, counters with {@code _total}; the
   * {@code _max} gauge of a timer or distribution summary counts as part of its family.
   */
  public Set<String> families(String prefix) {
    Set<String> names = new TreeSet<>();
    for (String name : types.keySet()) {
      if (!name.startsWith(prefix)) {
        continue;
      }
      String base = name.endsWith("_max") ? name.substring(0, name.length() - 4) : name;
      names.add("histogram".equals(types.get(base)) || "summary".equals(types.get(base)) ? base : name);
    }
    return names;
  }

  /** The type of family {@code name}: counter, gauge, histogram, summary. */
  public String type(String name) {
    return types.get(name);
  }

  /** Label names on the samples of family {@code name}, without the histogram's {@code le}. */
  public Set<String> labels(String name) {
    Set<String> labels = new TreeSet<>();
    for (Sample sample : samples) {
      if (belongsTo(sample.name(), name)) {
        labels.addAll(sample.labels().keySet());
      }
    }
    labels.remove("le");
    return labels;
  }

  /** The value of the sample named exactly {@code name} whose labels include {@code labels}; NaN when none. */
  public double value(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
  }

  private static boolean belongsTo(String sample, String family) {
    return sample.equals(family) || SAMPLE_SUFFIXES.stream().anyMatch(suffix -> sample.equals(family + suffix));
  }

  /** The rows of the table under the {@code ## Metrics} heading of docs/observability.md, by metric name. */
  public static Map<String, Documented> readmeTable(String readme) {
    int start = readme.indexOf("\n## Metrics");
    if (start < 0) {
      return Map.of();
    }
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Map<String, Documented> rows = new TreeMap<>();
    for (String line : section.split("\n")) {
      Matcher row = README_ROW.matcher(line.strip());
      if (row.matches()) {
        Set<String> labels = new TreeSet<>();
        Matcher label = Pattern.compile("`([a-z_]+)`").matcher(row.group(3));
        while (label.find()) {
          labels.add(label.group(1));
        }
        rows.put(row.group(1), new Documented(row.group(2), labels));
      }
    }
    return rows;
  }
}
