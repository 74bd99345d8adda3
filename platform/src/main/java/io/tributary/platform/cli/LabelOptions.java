package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.intents.LabelSnapshotLog;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The label options of {@code route-publish} and {@code route-shadow}: the snapshot a catalogue
 * routes with ({@code none}: the catalogue alone) and how its neighbour vote weighs (ADR 0029).
 */
final class LabelOptions {

  static final String NONE = "none";

  @Option(names = "--labels", paramLabel = "ID|none", description = "Route with this label snapshot (route-label "
      + "snapshots lists them; the catalogue's labels block, or k 10, weight 0.5 and its min_confidence), or none to "
      + "route on the catalogue alone.")
  String labels;

  @Option(names = "--neighbours", paramLabel = "K", description = "k of the label vote (1-200).")
  Integer neighbours;

  @Option(names = "--label-weight", paramLabel = "W", description = "Share of the label vote in the score (0-1).")
  Double weight;

  /** Whether any label option was given. */
  boolean given() {
    return labels != null || neighbours != null || weight != null;
  }

  /** {@code catalogue} routing as the options say; unchanged when none was given. */
  AgentCatalogue apply(AgentCatalogue catalogue) {
    if (NONE.equals(labels)) {
      if (neighbours != null || weight != null) {
        throw new UserError("--neighbours and --label-weight need a label snapshot, not --labels none");
      }
      return catalogue.withLabels(null);
    }
    LabelSettings settings = catalogue.labels();
    if (labels != null) {
      if (!LabelSettings.VALID_SNAPSHOT.matcher(labels).matches()) {
        throw new UserError("--labels '" + labels + "' is neither none nor a snapshot id (ls- and 12 hex digits, "
            + "as route-label snapshot prints)");
      }
      settings = settings != null ? settings.withSnapshot(labels) : new LabelSettings(labels,
          LabelSettings.DEFAULT_NEIGHBOURS, LabelSettings.DEFAULT_WEIGHT, catalogue.minConfidence(), Map.of());
    }
    if (neighbours != null || weight != null) {
      if (settings == null) {
        throw new UserError("--neighbours and --label-weight need a label snapshot: add --labels ID");
      }
      try {
        settings = new LabelSettings(settings.snapshot(), neighbours != null ? neighbours : settings.neighbours(),
            weight != null ? weight : settings.weight(), settings.minConfidence(), settings.thresholds());
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }
    return settings == catalogue.labels() ? catalogue : catalogue.withLabels(settings);
  }

  /** The parts of {@code snapshots} on agents.label-snapshots.v1, keyed as {@code LabelSource.of} takes them. */
  static Map<String, LabelSnapshot> parts(KafkaClients kafka, Collection<String> snapshots) {
    return new LabelSnapshotLog(kafka).parts(snapshots, Duration.ofMinutes(2));
  }

  /** Whether {@code parts} hold any part of {@code snapshot}. */
  static boolean holds(Map<String, LabelSnapshot> parts, String snapshot) {
    return parts.keySet().stream().anyMatch(key -> key.startsWith(snapshot + "/"));
  }

  /** Throws unless {@code parts} hold any part of {@code snapshot}. */
  static void require(Map<String, LabelSnapshot> parts, String snapshot) {
    if (!holds(parts, snapshot)) {
      throw new UserError("no label snapshot " + snapshot + " on " + Topics.AGENTS_LABEL_SNAPSHOTS.name()
          + ": take one with tributary route-label snapshot, or list them with tributary route-label snapshots");
    }
  }

  /** How {@code catalogue} routes with labels, for one line of output. */
  static String describe(AgentCatalogue catalogue) {
    return catalogue.labelSettings().map(s -> String.format(Locale.ROOT, "labels %s (k %d, weight %.2f)",
        s.snapshot(), s.neighbours(), s.weight())).orElse("no labels");
  }
}
