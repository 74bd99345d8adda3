package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.telemetry.MetricsServer;
import io.tributary.platform.telemetry.Telemetry;

/** Starts {@code /metrics} on {@code TRIBUTARY_METRICS_HOST:TRIBUTARY_METRICS_PORT} for a role that runs without the API. */
final class MetricsEndpoint {

  private MetricsEndpoint() {}

  static void start(Settings settings, Telemetry telemetry, Closer closer) {
    settings.metricsPort().ifPresent(port -> {
      MetricsServer server = closer.register(MetricsServer.start(settings.metricsHost(), port, telemetry::scrape));
      System.out.println("tributary: metrics on http://" + settings.metricsHost() + ":" + server.port() + "/metrics");
    });
  }
}
