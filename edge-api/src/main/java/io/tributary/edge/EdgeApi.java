package io.tributary.edge;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.tributary.edge.documents.DocumentsService;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.http.ErrorHandling;
import io.tributary.edge.http.RequestId;
import io.tributary.edge.openapi.OpenApiService;
import io.tributary.edge.search.SearchService;

/** The edge API: one Helidon SE server with the v1 routes, health, and the error envelope. */
public final class EdgeApi implements AutoCloseable {

  private final WebServer server;

  private EdgeApi(WebServer server) {
    this.server = server;
  }

  /** Describes every route; tests and {@link #start} use the same table. */
  public static void routing(HttpRouting.Builder routing, EdgeServices services) {
    requireNonNull(services, "services");
    routing.addFilter(RequestId.filter());
    routing.register("/api/v1/documents", services.documents());
    routing.register("/api/v1/search", services.search());
    routing.register("/health", services.health());
    routing.register("/openapi", new OpenApiService());
    ErrorHandling.registerNotFound(routing);
    ErrorHandling.register(routing);
  }

  /** Starts the server on {@code host:port} (port 0 picks a free one). */
  public static EdgeApi start(String host, int port, EdgeServices services) {
    WebServer server =
        WebServer.builder()
            .host(host)
            .port(port)
            .shutdownHook(false)
            .routing(routing -> routing(routing, services))
            .build()
            .start();
    return new EdgeApi(server);
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** The services behind the routes, built by the caller from its configuration. */
  public record EdgeServices(DocumentsService documents, SearchService search, HealthService health) {
    public EdgeServices {
      requireNonNull(documents, "documents");
      requireNonNull(search, "search");
      requireNonNull(health, "health");
    }
  }
}
