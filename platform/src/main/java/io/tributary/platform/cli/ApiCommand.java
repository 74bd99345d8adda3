package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.embedding.EmbedderSelection;
import io.tributary.platform.roles.ApiRole;
import io.tributary.platform.roles.ApiSecurity;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.embedding.Embedder;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tributary api}: the edge API against external Kafka, Postgres and Redis. */
@Command(name = "api", description = "Run the edge API.")
public final class ApiCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    Settings settings = SettingsLoader.fromEnvironment();
    // Refuse a missing or wrong security setting before loading the model and touching Kafka.
    ApiSecurity.from(settings);
    Closer closer = new Closer();
    Telemetry telemetry = closer.register(Telemetry.fromEnvironment(System.getenv()));
    TopicSetup.ensure(settings);
    // Queries are embedded with the same model as the chunks, so the API carries it too.
    Embedder embedder = EmbedderSelection.open(settings, closer);
    ApiRole api = closer.register(ApiRole.start(settings, embedder, List.of(), telemetry));
    // Meters on the management port only: the API port is public.
    MetricsEndpoint.start(settings, telemetry, closer);
    System.out.println("tributary api: listening on " + settings.apiHost() + ":" + api.port());
    return RunUntilStopped.await(closer);
  }
}
