package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.telemetry.ManagementServer;
import io.tributary.platform.telemetry.Telemetry;

/**
 * Starts {@code /metrics} on the management port {@code TRIBUTARY_METRICS_HOST:TRIBUTARY_METRICS_PORT}
 * for the API and dev mode (their health is on the API port), behind {@code TRIBUTARY_METRICS_TOKEN}
 * when it is set. Streams and project use {@link ManagementEndpoint}, which adds health.
 */
public final class MetricsEndpoint {

  private MetricsEndpoint() {}

  /** Starts it when the port is not -1; returns its URL. */
  public static java.util.Optional<String> start(Settings settings, Telemetry telemetry, Closer closer) {
    if (settings.metricsPort().isEmpty()) {
      return java.util.Optional.empty();
    }
    ManagementServer server = closer.register(ManagementServer.start(settings.metricsHost(),
        settings.metricsPort().getAsInt(), telemetry::scrape, null, settings.metricsToken()));
    String url = "http://" + settings.metricsHost() + ":" + server.port() + "/metrics";
    System.out.println("tributary: metrics on " + url + (settings.metricsToken().isPresent() ? " (token required)" : ""));
    return java.util.Optional.of(url);
  }
}
