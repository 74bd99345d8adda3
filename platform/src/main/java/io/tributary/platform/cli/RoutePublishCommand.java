package io.tributary.platform.cli;

import io.tributary.platform.cli.sources.LabelledFiles;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.CatalogueSetup;
import io.tributary.schemas.agents.AgentCatalogue;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary route-publish --catalogue <file>}: makes a catalogue active on every running router. */
@Command(name = "route-publish", description = "Create the agents' request topics and publish an agent catalogue to "
    + "agents.catalogue.v1: running routers use it from the next message on, without a restart.")
public final class RoutePublishCommand implements Callable<Integer> {

  @Option(names = "--catalogue", required = true, paramLabel = "FILE", description = "The catalogue to publish.")
  String catalogueFile;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka to publish to (default: KAFKA_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Settings settings = OperatorSettings.load(System.err);
    if (bootstrapServers != null) {
      settings = settings.with(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers));
    }
    AgentCatalogue catalogue = LabelledFiles.catalogue(catalogueFile);
    CatalogueSetup.publish(settings, catalogue);
    spec.commandLine().getOut().printf("tributary route-publish: catalogue %s with %d agents is active%n",
        catalogue.version(), catalogue.agents().size());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
