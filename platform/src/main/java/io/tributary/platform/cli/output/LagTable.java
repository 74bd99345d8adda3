package io.tributary.platform.cli.output;

import io.tributary.monitoring.lag.GroupLag;
import io.tributary.monitoring.lag.LagSnapshot;
import io.tributary.monitoring.lag.PartitionLag;
import io.tributary.monitoring.lag.Retention;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a lag snapshot as the terminal table of {@code tributary lag}: a rolled-up line per group, then its partitions. */
public final class LagTable {

  private static final String[] HEADER =
      {"GROUP", "KIND", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "LAG_S", "TREND_S/S", "FLAGS"};

  private LagTable() {}

  /** The table; {@code withTrend} false prints "-" where history is needed (a single sample has none). */
  public static String render(LagSnapshot snapshot, boolean withTrend) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (GroupLag group : snapshot.groups()) {
      rows.add(new String[] {group.group(), group.kind().label(), "*", "*", Long.toString(group.committedOffsets()),
          "", Long.toString(group.lagOffsets()), seconds(group.lagSeconds()),
          withTrend ? rate(group.trend().secondsPerSecond()) : "-",
          flags(group.stalled(), group.retention(), withTrend) + " " + group.state() + "/" + group.members()});
      for (PartitionLag p : snapshot.partitions()) {
        if (p.group().equals(group.group())) {
          rows.add(new String[] {"", "", p.topic(), Integer.toString(p.partition()), Long.toString(p.committedOffset()),
              Long.toString(p.endOffset()), Long.toString(p.lagOffsets()), seconds(p.lagSeconds()),
              withTrend ? rate(p.trend().secondsPerSecond()) : "-", flags(p.stalled(), p.retention(), withTrend)});
        }
      }
    }
    int[] widths = new int[HEADER.length];
    rows.forEach(row -> {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    });
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        boolean number = i >= 3 && i <= 8;
        String cell = number ? " ".repeat(widths[i] - row[i].length()) + row[i]
            : row[i] + " ".repeat(widths[i] - row[i].length());
        line.append(cell).append("  ");
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    text.append("sampled at ").append(snapshot.sampledAt());
    if (!withTrend) {
      text.append(" (trend and stall need history: run with --watch)");
    }
    return text.append('\n').toString();
  }

  private static String flags(boolean stalled, Retention retention, boolean withTrend) {
    List<String> flags = new ArrayList<>();
    if (stalled && withTrend) {
      flags.add("STALLED");
    }
    if (retention == Retention.AT_RISK) {
      flags.add("RETENTION-RISK");
    } else if (retention == Retention.DATA_LOST) {
      flags.add("DATA-LOST");
    }
    return flags.isEmpty() ? "ok" : String.join(",", flags);
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String rate(double value) {
    return String.format(Locale.ROOT, "%+.2f", value);
  }
}
