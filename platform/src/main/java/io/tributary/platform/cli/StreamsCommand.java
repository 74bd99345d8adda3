package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.embedding.EmbedderSelection;
import io.tributary.platform.health.RoleHealth;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.roles.IntentRouterRole;
import io.tributary.platform.roles.StreamsRole;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.embedding.Embedder;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tributary streams}: the document pipeline against external Kafka. */
@Command(name = "streams", description = "Run the DocumentPipeline (docs.submitted.v1 -> docs.embedded.v1).")
public final class StreamsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    Settings settings = SettingsLoader.fromEnvironment();
    Closer closer = new Closer();
    Telemetry telemetry = closer.register(Telemetry.fromEnvironment(System.getenv()));
    TopicSetup.ensure(settings);
    Embedder embedder = EmbedderSelection.open(settings, closer);
    StreamsRole pipeline = closer.register(StreamsRole.start(settings, embedder, telemetry));
    IntentRouterRole router = closer.register(IntentRouterRole.start(settings, embedder, telemetry));
    ManagementEndpoint.start(settings, telemetry, new RoleHealth(
        List.of(pipeline.readiness(), router.readiness()), List.of(pipeline.liveness(), router.liveness())), closer);
    System.out.println("tributary streams: running against " + settings.kafkaBootstrapServers());
    return RunUntilStopped.await(closer);
  }
}
