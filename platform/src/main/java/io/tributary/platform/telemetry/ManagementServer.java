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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} for roles that run without the API (streams, project): the JDK's own HTTP
 * server, one route, no filters. Chosen over a second Helidon server because it needs nothing the
 * JDK lacks, starts in milliseconds and carries none of the API's authentication or limits.
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Serves {@code scrape} at {@code http://host:port/metrics} (port 0 picks a free one). */
  public static MetricsServer start(String host, int port, Supplier<String> scrape) {
    requireNonNull(scrape, "scrape");
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      MetricsServer metrics = new MetricsServer(server);
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
