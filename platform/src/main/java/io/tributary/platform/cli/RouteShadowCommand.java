package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.platform.cli.sources.LabelledFiles;
import io.tributary.platform.cli.sources.AgentLog;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.CatalogueSetup;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.intents.EmbeddingClassifier;
import io.tributary.streams.intents.FollowUpRule;
import io.tributary.streams.intents.IntentDecider;
import io.tributary.streams.intents.LabelSource;
import io.tributary.streams.intents.LoggedMessage;
import io.tributary.streams.intents.ShadowRouting;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary route-shadow [--catalogue <file>] [--labels ID|none]}: how a candidate would change past
 * decisions.
 */
@Command(name = "route-shadow", description = "Replay past agents.messages.v1 through a candidate catalogue and print "
    + "how decisions would change (counts per from -> to and per tenant, examples) before publishing it. Each message "
    + "is scored with its own tenant's labels from the snapshot each catalogue names.")
public final class RouteShadowCommand implements Callable<Integer> {

  @Option(names = "--catalogue", paramLabel = "FILE",
      description = "The candidate catalogue (default, with --labels: the active one).")
  String candidateFile;

  @Mixin LabelOptions labelOptions;

  @Option(names = "--active", paramLabel = "FILE",
      description = "Compare with this catalogue instead of the one active on agents.catalogue.v1.")
  String activeFile;

  @Mixin KafkaOption kafka;

  @Option(names = "--max", defaultValue = "10000", description = "Replay at most the latest N messages (default ${DEFAULT-VALUE}).")
  int max;

  @Option(names = "--examples", defaultValue = "3", description = "Examples shown per change (default ${DEFAULT-VALUE}).")
  int examples;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (candidateFile == null && !labelOptions.given()) {
      throw new UserError("name the candidate: --catalogue FILE, --labels ID|none (the active catalogue with other "
          + "labels), or both");
    }
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = kafka.settings();
    AgentLog log = new AgentLog(settings.kafkaClients());
    AgentCatalogue active = activeFile != null ? LabelledFiles.catalogue(activeFile)
        : log.activeCatalogue().orElseGet(() -> CatalogueSetup.configured(settings));
    AgentCatalogue candidate =
        labelOptions.apply(candidateFile != null ? LabelledFiles.catalogue(candidateFile) : active);
    Map<String, LabelSnapshot> parts = labels(settings, active, candidate, spec.commandLine().getErr());
    List<LoggedMessage> messages = log.messages(max);
    try (OnnxEmbedder embedder = new OnnxEmbedder(settings.embedWorkers(), settings.embedWindowTokens())) {
      ShadowRouting shadow = new ShadowRouting(new EmbeddingClassifier(embedder),
          new IntentDecider(FollowUpRule.defaults()), examples);
      out.print(shadow.replay(messages, active, candidate, LabelSource.of(parts)).render());
    }
    out.flush();
    return 0;
  }

  /** The parts of the snapshots both catalogues name; the candidate's must exist, the active one's may be gone. */
  private static Map<String, LabelSnapshot> labels(Settings settings, AgentCatalogue active, AgentCatalogue candidate,
      PrintWriter notices) {
    Set<String> snapshots = new TreeSet<>();
    active.labelSettings().ifPresent(l -> snapshots.add(l.snapshot()));
    candidate.labelSettings().ifPresent(l -> snapshots.add(l.snapshot()));
    if (snapshots.isEmpty()) {
      return Map.of();
    }
    Map<String, LabelSnapshot> parts = LabelOptions.parts(settings.kafkaClients(), snapshots);
    candidate.labelSettings().ifPresent(l -> LabelOptions.require(parts, l.snapshot()));
    active.labelSettings().filter(l -> !LabelOptions.holds(parts, l.snapshot())).ifPresent(l -> notices.println(
        "tributary: the active catalogue names label snapshot " + l.snapshot() + ", which is not on "
            + Topics.AGENTS_LABEL_SNAPSHOTS.name() + "; it is replayed without labels, as the routers route"));
    return parts;
  }
}
