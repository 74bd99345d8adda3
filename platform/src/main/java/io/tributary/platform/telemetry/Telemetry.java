package io.tributary.platform.telemetry;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.tributary.edge.telemetry.EdgeTelemetry;
import java.io.Closeable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one meter registry of a process (scraped in the Prometheus text format) and the
 * OpenTelemetry of each role it runs, built once in platform and handed to the roles by constructor.
 */
public final class Telemetry implements AutoCloseable {

  /** Service name of the api role's spans. */
  public static final String API = "tributary-api";
  /** Service name of the streams role's spans (pipeline and router). */
  public static final String STREAMS = "tributary-streams";
  /** Service name of the project role's spans. */
  public static final String PROJECTOR = "tributary-projector";

  private static final Logger log = LoggerFactory.getLogger(Telemetry.class);

  private final PrometheusMeterRegistry registry;
  private final Function<String, OpenTelemetry> tracing;
  private final Map<String, OpenTelemetry> byService = new ConcurrentHashMap<>();
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /**
   * @param tracing the OpenTelemetry for a service name, called once per name
   */
  public Telemetry(PrometheusMeterRegistry registry, Function<String, OpenTelemetry> tracing) {
    this.registry = requireNonNull(registry, "registry");
    this.tracing = requireNonNull(tracing, "tracing");
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /** Meters in a new registry; tracing as the {@code OTEL_*} entries of {@code environment} say (see {@link TracingSetup}). */
  public static Telemetry fromEnvironment(Map<String, String> environment) {
    Map<String, String> copy = Map.copyOf(environment);
    if (TracingSetup.enabled(copy)) {
      log.info("tracing on: spans are exported as the OTEL_* variables say");
    }
    return new Telemetry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        service -> TracingSetup.forService(service, copy));
  }

  /** The process's registry: every role registers its meters here. */
  public MeterRegistry meters() {
    return registry;
  }

  /** Every meter in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /** The OpenTelemetry of the role named {@code serviceName} (one of {@link #API}, {@link #STREAMS}, {@link #PROJECTOR}). */
  public OpenTelemetry tracing(String serviceName) {
    return byService.computeIfAbsent(serviceName, tracing);
  }

  /** What the edge API reports to, with {@code /metrics} serving this registry. */
  public EdgeTelemetry edge() {
    return new EdgeTelemetry(registry, this::scrape, tracing(API));
  }

  @Override
  public void close() {
    // Flushes spans still batched in the SDKs.
    byService.values().forEach(otel -> {
      if (otel instanceof Closeable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("could not shut down tracing: {}", e.toString());
        }
      }
    });
    gc.close();
    registry.close();
  }
}
