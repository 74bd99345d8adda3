package io.tributary.platform.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a process's {@link OpenTelemetry} from the standard {@code OTEL_*} variables through the
 * SDK's autoconfiguration. Tracing is on only when a trace exporter or an OTLP endpoint is named:
 * otherwise (and with {@code OTEL_SDK_DISABLED=true}) the no-op implementation is returned, which
 * records nothing and never opens a connection. Metrics and logs are not exported through OTel
 * (Prometheus scrapes metrics; logs go to stderr) unless {@code OTEL_METRICS_EXPORTER} /
 * {@code OTEL_LOGS_EXPORTER} say otherwise.
 */
public final class TracingSetup {

  private TracingSetup() {}

  /** Whether {@code environment} asks for traces to be exported. */
  public static boolean enabled(Map<String, String> environment) {
    if ("true".equalsIgnoreCase(environment.getOrDefault("OTEL_SDK_DISABLED", "").strip())) {
      return false;
    }
    String exporter = environment.getOrDefault("OTEL_TRACES_EXPORTER", "").strip();
    if (!exporter.isEmpty()) {
      return !exporter.equalsIgnoreCase("none");
    }
    return !environment.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").isBlank()
        || !environment.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").isBlank();
  }

  /** The OpenTelemetry of one role named {@code serviceName} ({@code OTEL_SERVICE_NAME} wins when set). */
  public static OpenTelemetry forService(String serviceName, Map<String, String> environment) {
    if (!enabled(environment)) {
      return OpenTelemetry.noop();
    }
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", serviceName);
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    // The given environment as properties (tests and dev mode pass their own); the real one still wins.
    environment.forEach((name, value) -> {
      if (name.startsWith("OTEL_")) {
        defaults.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults)
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
  }
}
