package io.tributary.platform.cli.output;

import io.tributary.streams.intents.LabelSnapshotLog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The tables of {@code tributary route-label}: labels per tenant and agent, and the snapshots on the topic. */
public final class LabelTables {

  private LabelTables() {}

  /** Labels per tenant and agent, one row each, with a total row. */
  public static String counts(Map<String, Map<String, Integer>> counts) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TENANT", "AGENT", "LABELS"});
    int[] total = {0};
    counts.forEach((tenant, agents) -> agents.forEach((agent, n) -> {
      rows.add(new String[] {tenant, agent, Integer.toString(n)});
      total[0] += n;
    }));
    rows.add(new String[] {"total", "", Integer.toString(total[0])});
    return table(rows, 2);
  }

  /** The snapshots, newest first, marking the one {@code active} names (null: none). */
  public static String snapshots(List<LabelSnapshotLog.Summary> snapshots, String active) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SNAPSHOT", "CREATED_AT", "LABELS", "TENANTS", ""});
    for (LabelSnapshotLog.Summary snapshot : snapshots) {
      String tenants = snapshot.labelsByTenant().entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
      Instant created = snapshot.createdAt();
      String when = created == null ? "-" : created.truncatedTo(ChronoUnit.SECONDS).toString();
      rows.add(new String[] {snapshot.snapshot(), when,
          Integer.toString(snapshot.labels()), tenants, snapshot.snapshot().equals(active) ? "active" : ""});
    }
    return table(rows, 2);
  }

  /** Left-aligned columns, except {@code numeric} which is right-aligned. */
  private static String table(List<String[]> rows, int numeric) {
    int columns = rows.getFirst().length;
    int[] widths = new int[columns];
    rows.forEach(row -> {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    });
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = i == numeric ? " ".repeat(widths[i] - row[i].length()) + row[i]
            : row[i] + " ".repeat(widths[i] - row[i].length());
        line.append(i == 0 ? "" : "  ").append(cell);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
