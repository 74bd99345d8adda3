package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.health.LivenessWatch;
import io.tributary.platform.health.RoleHealth;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.telemetry.ManagementServer;
import io.tributary.platform.telemetry.Telemetry;
import java.time.Duration;

/**
 * The management side of a role that runs without the API: {@code /metrics}, {@code /health/live}
 * and {@code /health/ready} on {@code TRIBUTARY_METRICS_HOST:TRIBUTARY_METRICS_PORT}, and the watch
 * that exits the process when liveness fails (also with the port off).
 */
final class ManagementEndpoint {

  /** How often liveness is looked at. */
  static final Duration LIVENESS_INTERVAL = Duration.ofSeconds(5);

  private ManagementEndpoint() {}

  static void start(Settings settings, Telemetry telemetry, RoleHealth health, Closer closer) {
    settings.metricsPort().ifPresent(port -> {
      ManagementServer server = closer.register(
          ManagementServer.start(settings.metricsHost(), port, telemetry::scrape, health, settings.metricsToken()));
      String base = "http://" + settings.metricsHost() + ":" + server.port();
      System.out.println("tributary: metrics on " + base + "/metrics, health on " + base + "/health/{live,ready}");
    });
    closer.register(LivenessWatch.start(health.liveness(), LIVENESS_INTERVAL, LivenessWatch::exitProcess));
  }
}
