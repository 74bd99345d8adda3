package io.tributary.platform.telemetry;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.edge.telemetry.MetricsService;
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
 * {@code GET /metrics} on a management port of every role (the API port never serves it): the
 * JDK's own HTTP server, one route. Chosen over a second Helidon server because it needs nothing
 * the JDK lacks, starts in milliseconds and carries none of the API's authentication or limits.
 * With a token, a scrape must send {@code Authorization: Bearer <token>} (compared in constant
 * time); otherwise the port must be reachable only by the scraper.
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private final Optional<byte[]> token;

  private MetricsServer(HttpServer server, Optional<byte[]> token) {
    this.server = server;
    this.token = token;
  }

  /** Serves {@code scrape} at {@code http://host:port/metrics} (port 0 picks a free one) to anyone who reaches it. */
  public static MetricsServer start(String host, int port, Supplier<String> scrape) {
    return start(host, port, scrape, Optional.empty());
  }

  /** Serves {@code scrape} at {@code http://host:port/metrics}, to bearers of {@code token} when one is given. */
  public static MetricsServer start(String host, int port, Supplier<String> scrape, Optional<String> token) {
    requireNonNull(scrape, "scrape");
    requireNonNull(token, "token");
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      MetricsServer metrics = new MetricsServer(server, token.map(t -> t.getBytes(StandardCharsets.UTF_8)));
      server.createContext("/metrics", exchange -> metrics.answer(exchange, scrape));
      server.setExecutor(metrics.executor);
      server.start();
      return metrics;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve /metrics on " + host + ":" + port, e);
    }
  }

  private void answer(HttpExchange exchange, Supplier<String> scrape) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"tributary-metrics\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", MetricsService.CONTENT_TYPE);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(200, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
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
