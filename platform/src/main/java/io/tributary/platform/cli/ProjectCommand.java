package io.tributary.platform.cli;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.AgentsProjectorRole;
import io.tributary.platform.health.RoleHealth;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.roles.ProjectorRole;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.platform.telemetry.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tributary project}: the projectors against external Kafka and Postgres. */
@Command(name = "project", description = "Run the projectors (docs.embedded.v1 -> Postgres rag.*).")
public final class ProjectCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    Settings settings = SettingsLoader.fromEnvironment();
    Closer closer = new Closer();
    Telemetry telemetry = closer.register(Telemetry.fromEnvironment(System.getenv()));
    TopicSetup.ensure(settings);
    ProjectorRole rag = closer.register(ProjectorRole.start(settings, telemetry));
    AgentsProjectorRole agents = closer.register(AgentsProjectorRole.start(settings, telemetry));
    List<ReadinessCheck> liveness = new ArrayList<>(rag.liveness());
    liveness.add(agents.liveness(settings.projectorStallTimeout()));
    ManagementEndpoint.start(settings, telemetry,
        new RoleHealth(List.of(rag.readiness(), agents.readiness()), liveness), closer);
    System.out.println("tributary project: running against " + settings.kafkaBootstrapServers());
    return RunUntilStopped.await(closer);
  }
}
