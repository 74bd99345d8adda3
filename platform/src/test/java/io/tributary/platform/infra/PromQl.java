package io.tributary.platform.infra;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Not a parser: it removes what cannot be a metric
 * name (strings, label matchers, ranges, grouping label lists, numbers and durations, Grafana
 * variables) and keeps the identifiers that are neither keywords nor function calls.
 */
final class PromQl {

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LISTS =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern VARIABLES = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
  private static final Pattern NUMBERS = Pattern.compile("(?<![A-Za-z0-9_:])[0-9][A-Za-z0-9_.]*");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
      "group_left", "group_right", "bool", "offset", "inf", "nan", "atan2", "start", "end");

  private static final Pattern SELECTOR = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\s*\\{([^}]*)}");
  private static final Pattern MATCHER_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

  private PromQl() {}

  /** Per metric name written with a selector ({@code name{label="x"}}), the labels its matchers use. */
  static Map<String, Set<String>> matcherLabels(String expression) {
    String text = STRINGS.matcher(expression).replaceAll("\"\"");
    Map<String, Set<String>> labels = new LinkedHashMap<>();
    Matcher selector = SELECTOR.matcher(text);
    while (selector.find()) {
      Matcher label = MATCHER_LABEL.matcher(selector.group(2));
      while (label.find()) {
        labels.computeIfAbsent(selector.group(1), name -> new LinkedHashSet<>()).add(label.group(1));
      }
    }
    return labels;
  }

  /** The labels named in {@code by}, {@code without}, {@code on}, {@code ignoring} and {@code group_*} lists. */
  static Set<String> groupingLabels(String expression) {
    String text = STRINGS.matcher(expression).replaceAll("\"\"");
    Set<String> labels = new LinkedHashSet<>();
    Matcher list = LABEL_LIST.matcher(text);
    while (list.find()) {
      for (String label : list.group(1).split(",")) {
        if (!label.isBlank()) {
          labels.add(label.strip());
        }
      }
    }
    return labels;
  }

  /** The metric names {@code expression} selects, in order of appearance. */
  static Set<String> metricNames(String expression) {
    String text = STRINGS.matcher(expression).replaceAll(" ");
    text = LABEL_MATCHERS.matcher(text).replaceAll(" ");
    text = RANGES.matcher(text).replaceAll(" ");
    text = LABEL_LISTS.matcher(text).replaceAll(" ");
    text = VARIABLES.matcher(text).replaceAll(" ");
    text = NUMBERS.matcher(text).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher identifier = IDENTIFIER.matcher(text);
    while (identifier.find()) {
      String name = identifier.group();
      if (!KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !calledAt(text, identifier.end())) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean calledAt(String text, int end) {
    int i = end;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i < text.length() && text.charAt(i) == '(';
  }
}
