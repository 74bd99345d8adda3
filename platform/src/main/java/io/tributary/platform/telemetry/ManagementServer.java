package io.tributary.platform.telemetry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.edge.health.HealthReport;
import io.tributary.edge.telemetry.MetricsService;
import io.tributary.platform.health.RoleHealth;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The management port of roles that run without the API (streams, project): {@code GET /metrics},
 * {@code /health/live} and {@code /health/ready} on the JDK's own HTTP server, no filters. Chosen
 * over a second Helidon server because it needs nothing the JDK lacks, starts in milliseconds and
 * carries none of the API's authentication or limits.
 */
public final class ManagementServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private ManagementServer(HttpServer server) {
    this.server = server;
  }

  /** Serves only {@code scrape} at {@code http://host:port/metrics} (port 0 picks a free one). */
  public static ManagementServer start(String host, int port, Supplier<String> scrape) {
    return start(host, port, scrape, null);
  }

  /** Serves {@code scrape} at {@code /metrics} and, unless null, {@code health} at {@code /health/live|ready}. */
  public static ManagementServer start(String host, int port, Supplier<String> scrape, RoleHealth health) {
    requireNonNull(scrape, "scrape");
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      ManagementServer management = new ManagementServer(server);
      server.createContext("/metrics", exchange -> management.answer(exchange, "/metrics",
          () -> new Body(200, MetricsService.CONTENT_TYPE, scrape.get())));
      if (health != null) {
        server.createContext("/health/live", exchange -> management.answer(exchange, "/health/live",
            () -> json(HealthReport.of(health.liveness()))));
        server.createContext("/health/ready", exchange -> management.answer(exchange, "/health/ready",
            () -> json(HealthReport.of(health.readiness()))));
      }
      server.setExecutor(management.executor);
      server.start();
      return management;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the management port on " + host + ":" + port, e);
    }
  }

  private record Body(int status, String contentType, String text) {}

  private static Body json(HealthReport report) {
    try {
      return new Body(report.httpStatus(), "application/json", JSON.writeValueAsString(report.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void answer(HttpExchange exchange, String path, Supplier<Body> answer) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Body body = answer.get();
      byte[] bytes = body.text().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", body.contentType());
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(body.status(), head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
