package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.platform.cli.sources.LabelledFiles;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.CatalogueSetup;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.intents.ActiveCatalogue;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary route-publish [--catalogue <file>] [--labels ID|none]}: makes a catalogue active on every
 * running router.
 */
@Command(name = "route-publish", description = "Create the agents' request topics and publish an agent catalogue to "
    + "agents.catalogue.v1: running routers use it from the next message on, without a restart. With --labels "
    + "alone, the active catalogue is published again with another label snapshot; publishing the previous "
    + "snapshot rolls labels back.")
public final class RoutePublishCommand implements Callable<Integer> {

  @Option(names = "--catalogue", paramLabel = "FILE",
      description = "The catalogue to publish (default, with --labels: the active one).")
  String catalogueFile;

  @Mixin LabelOptions labelOptions;

  @Mixin KafkaOption kafka;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (catalogueFile == null && !labelOptions.given()) {
      throw new UserError("name what to publish: --catalogue FILE, --labels ID|none (the active catalogue with "
          + "other labels), or both");
    }
    Settings settings = kafka.settings();
    Optional<AgentCatalogue> previous = new ActiveCatalogue(settings.kafkaClients()).read(Duration.ofMinutes(1));
    AgentCatalogue base = catalogueFile != null ? LabelledFiles.catalogue(catalogueFile) : previous
        .map(active -> active.withPublishedAt(Instant.now()))
        .orElseThrow(() -> new UserError("no catalogue is active on " + Topics.AGENTS_CATALOGUE.name()
            + ": name one with --catalogue FILE"));
    AgentCatalogue catalogue = labelOptions.apply(base);
    Optional<String> snapshot = catalogue.labelSettings().map(LabelSettings::snapshot);
    snapshot.ifPresent(id -> LabelOptions.require(LabelOptions.parts(settings.kafkaClients(), List.of(id)), id));
    CatalogueSetup.publish(settings, catalogue);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("tributary route-publish: catalogue %s with %d agents is active, %s%n", catalogue.version(),
        catalogue.agents().size(), LabelOptions.describe(catalogue));
    previous.filter(p -> !p.version().equals(catalogue.version())).ifPresent(p -> out.printf(
        "previously: catalogue %s, %s%n", p.version(), LabelOptions.describe(p)));
    out.flush();
    return 0;
  }
}
