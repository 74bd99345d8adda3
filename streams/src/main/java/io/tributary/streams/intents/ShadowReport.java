package io.tributary.streams.intents;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.LabelSettings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * How decisions change from one catalogue to another over the same messages.
 *
 * @param transitions "from -> to" → count, changed decisions only, most frequent first
 * @param examples "from -> to" → a few of its messages
 * @param tenantMessages tenant → messages replayed
 * @param tenantChanges tenant → changed decisions (every replayed tenant, zero included)
 */
public record ShadowReport(Side active, Side candidate, int total, int changed, Map<String, Long> transitions,
    Map<String, List<Example>> examples, Map<String, Long> activeCounts, Map<String, Long> candidateCounts,
    Map<String, Long> tenantMessages, Map<String, Long> tenantChanges) {

  /**
   * One catalogue of the comparison.
   *
   * @param labels the label snapshot it routes with, empty when it routes on the catalogue alone
   */
  public record Side(String version, String labels) {

    public Side(AgentCatalogue catalogue) {
      this(catalogue.version(), catalogue.labelSettings().map(LabelSettings::snapshot).orElse(""));
    }

    String describe() {
      return version + (labels.isEmpty() ? " (no labels)" : " (labels " + labels + ")");
    }
  }

  /** A changed message: its tenant and a preview (100 characters at most). */
  public record Example(String tenant, String preview) {}

  /** The report as text. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "shadow routing: %d messages, active catalogue %s, candidate %s%n", total,
        active.describe(), candidate.describe()));
    out.append(String.format(Locale.ROOT, "changed decisions: %d (%.1f%%)%n%n", changed,
        total == 0 ? 0.0 : 100.0 * changed / total));
    out.append(String.format(Locale.ROOT, "%-14s %8s %10s%n", "agent", "active", "candidate"));
    TreeSet<String> agents = new TreeSet<>(activeCounts.keySet());
    agents.addAll(candidateCounts.keySet());
    for (String agent : agents) {
      out.append(String.format(Locale.ROOT, "%-14s %8d %10d%n", agent, activeCounts.getOrDefault(agent, 0L),
          candidateCounts.getOrDefault(agent, 0L)));
    }
    out.append(String.format(Locale.ROOT, "%n%-14s %8s %10s%n", "tenant", "messages", "changed"));
    tenantMessages.forEach((tenant, count) -> out.append(String.format(Locale.ROOT, "%-14s %8d %10d%n", tenant, count,
        tenantChanges.getOrDefault(tenant, 0L))));
    out.append("\nchanges (from -> to: count)\n");
    transitions.forEach((transition, count) -> {
      out.append(String.format(Locale.ROOT, "  %-30s %6d%n", transition, count));
      examples.getOrDefault(transition, List.of()).forEach(example -> out.append("      e.g. \"")
          .append(example.preview()).append("\" (tenant ").append(example.tenant()).append(")\n"));
    });
    return out.toString();
  }
}
