package io.tributary.streams.intents;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How decisions change from one catalogue to another over the same messages.
 *
 * @param transitions "from -> to" → count, changed decisions only, most frequent first
 * @param examples "from -> to" → previews (100 characters at most) of a few messages
 */
public record ShadowReport(String activeVersion, String candidateVersion, int total, int changed,
    Map<String, Long> transitions, Map<String, List<String>> examples, Map<String, Long> activeCounts,
    Map<String, Long> candidateCounts) {

  /** The report as text. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "shadow routing: %d messages, active catalogue %s, candidate %s%n", total,
        activeVersion, candidateVersion));
    out.append(String.format(Locale.ROOT, "changed decisions: %d (%.1f%%)%n%n", changed,
        total == 0 ? 0.0 : 100.0 * changed / total));
    out.append(String.format(Locale.ROOT, "%-14s %8s %10s%n", "agent", "active", "candidate"));
    java.util.TreeSet<String> agents = new java.util.TreeSet<>(activeCounts.keySet());
    agents.addAll(candidateCounts.keySet());
    for (String agent : agents) {
      out.append(String.format(Locale.ROOT, "%-14s %8d %10d%n", agent, activeCounts.getOrDefault(agent, 0L),
          candidateCounts.getOrDefault(agent, 0L)));
    }
    out.append("\nchanges (from -> to: count)\n");
    transitions.forEach((transition, count) -> {
      out.append(String.format(Locale.ROOT, "  %-30s %6d%n", transition, count));
      examples.getOrDefault(transition, List.of())
          .forEach(preview -> out.append("      e.g. \"").append(preview).append("\"\n"));
    });
    return out.toString();
  }
}
