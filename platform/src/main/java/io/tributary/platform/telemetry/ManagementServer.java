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
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The management port of every role: {@code GET /metrics} (the API port never serves it) and, for the
 * roles without the API (streams, project), {@code /health/live} and {@code /health/ready}, on the
 * JDK's own HTTP server. Chosen
 * over a second Helidon server because it needs nothing the JDK lacks, starts in milliseconds and
 * carries none of the API's authentication or limits.
 */
public final class ManagementServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private final Optional<byte[]> token;

  private ManagementServer(HttpServer server, Optional<byte[]> token) {
    this.server = server;
    this.token = token;
  }

  /** Serves only {@code scrape} at {@code http://host:port/metrics} (port 0 picks a free one), to anyone. */
  public static ManagementServer start(String host, int port, Supplier<String> scrape) {
    return start(host, port, scrape, null, Optional.empty());
  }

  /** Serves {@code scrape} at {@code /metrics} and, unless null, {@code health} at {@code /health/live|ready}. */
  public static ManagementServer start(String host, int port, Supplier<String> scrape, RoleHealth health) {
    return start(host, port, scrape, health, Optional.empty());
  }

  /**
   * As {@link #start(String, int, Supplier, RoleHealth)}; with a {@code token}, a scrape of
   * {@code /metrics} must send {@code Authorization: Bearer <token>} (compared in constant time).
   * Health answers stay open: orchestrator probes carry no token.
   */
  public static ManagementServer start(String host, int port, Supplier<String> scrape, RoleHealth health,
      Optional<String> token) {
    requireNonNull(scrape, "scrape");
    requireNonNull(token, "token");
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      ManagementServer management = new ManagementServer(server, token.map(t -> t.getBytes(StandardCharsets.UTF_8)));
      server.createContext("/metrics", exchange -> {
        if (!management.authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
          try (exchange) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"tributary-metrics\"");
            exchange.sendResponseHeaders(401, -1);
          }
          return;
        }
        management.answer(exchange, "/metrics", () -> new Body(200, MetricsService.CONTENT_TYPE, scrape.get()));
      });
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

  private boolean authorized(String authorization) {
    if (token.isEmpty()) {
      return true;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, token.get());
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
