package io.tributary.platform.cli;

import io.tributary.platform.cli.sources.LabelledFiles;
import io.tributary.platform.cli.sources.AgentLog;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.CatalogueSetup;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.streams.embedding.MiniLmEmbedder;
import io.tributary.streams.intents.EmbeddingClassifier;
import io.tributary.streams.intents.FollowUpRule;
import io.tributary.streams.intents.IntentDecider;
import io.tributary.streams.intents.LoggedMessage;
import io.tributary.streams.intents.ShadowRouting;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary route-shadow --catalogue <file>}: how a candidate catalogue would change past decisions. */
@Command(name = "route-shadow", description = "Replay past agents.messages.v1 through a candidate catalogue and print "
    + "how decisions would change (counts per from -> to, examples) before publishing it.")
public final class RouteShadowCommand implements Callable<Integer> {

  @Option(names = "--catalogue", required = true, paramLabel = "FILE", description = "The candidate catalogue.")
  String candidateFile;

  @Option(names = "--active", paramLabel = "FILE",
      description = "Compare with this catalogue instead of the one active on agents.catalogue.v1.")
  String activeFile;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka to read from (default: KAFKA_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(names = "--max", defaultValue = "10000", description = "Replay at most the latest N messages (default ${DEFAULT-VALUE}).")
  int max;

  @Option(names = "--examples", defaultValue = "3", description = "Examples shown per change (default ${DEFAULT-VALUE}).")
  int examples;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = OperatorSettings.load(System.err);
    AgentLog log = new AgentLog(bootstrapServers == null ? settings.kafkaClients()
        : settings.with(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers)).kafkaClients());
    AgentCatalogue candidate = LabelledFiles.catalogue(candidateFile);
    AgentCatalogue active = activeFile != null ? LabelledFiles.catalogue(activeFile)
        : log.activeCatalogue().orElseGet(() -> CatalogueSetup.configured(settings));
    List<LoggedMessage> messages = log.messages(max);
    try (MiniLmEmbedder embedder = new MiniLmEmbedder(settings.embedWorkers(), settings.embedWindowTokens())) {
      ShadowRouting shadow = new ShadowRouting(new EmbeddingClassifier(embedder),
          new IntentDecider(FollowUpRule.defaults()), examples);
      out.print(shadow.replay(messages, active, candidate).render());
    }
    out.flush();
    return 0;
  }
}
