package io.tributary.edge;

import static java.util.Objects.requireNonNull;

import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.tributary.edge.documents.DocumentsService;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.http.AccessLog;
import io.tributary.edge.http.BrowserHeaders;
import io.tributary.edge.http.EnvelopeDirectHandler;
import io.tributary.edge.http.ErrorHandling;
import io.tributary.edge.http.RequestId;
import io.tributary.edge.http.Traceparent;
import io.tributary.edge.intents.IntentsApi;
import io.tributary.edge.lag.DashboardService;
import io.tributary.edge.lag.LagService;
import io.tributary.edge.openapi.OpenApiService;
import io.tributary.edge.projections.ProjectionsService;
import io.tributary.edge.ratelimit.RateLimits;
import io.tributary.edge.ratelimit.TenantShares;
import io.tributary.edge.search.SearchService;
import io.tributary.edge.security.AccessRules;
import io.tributary.edge.security.Authentication;
import io.tributary.edge.telemetry.EdgeTelemetry;
import io.tributary.edge.telemetry.HttpServerMetrics;
import io.tributary.monitoring.lag.LagCollector;
import java.util.Optional;

/** The edge API: one Helidon SE server with the v1 routes, health, and the error envelope. */
public final class EdgeApi implements AutoCloseable {

  private final WebServer server;

  private EdgeApi(WebServer server) {
    this.server = server;
  }

  /** The routes without authentication or limits (the services' own tenant resolver decides the tenant). */
  public static void routing(HttpRouting.Builder routing, EdgeServices services) {
    routing(routing, services, EdgePolicy.trustedNetwork("default"));
  }

  /** Describes every route and the filters guarding them; tests and {@link #start} use the same table. */
  public static void routing(HttpRouting.Builder routing, EdgeServices services, EdgePolicy policy) {
    requireNonNull(services, "services");
    requireNonNull(policy, "policy");
    // Order matters: ids and trace first (every log line has them), then browser headers (which
    // answer CORS preflights without a token), the per-address limit before authentication so
    // token guessing is limited too, and the per-subject limit once the subject is known.
    EdgeTelemetry telemetry = services.telemetry();
    routing.addFilter(RequestId.filter());
    routing.addFilter(Traceparent.filter(telemetry.tracer()));
    routing.addFilter(new HttpServerMetrics(telemetry.meters()));
    routing.addFilter(new AccessLog());
    routing.addFilter(new BrowserHeaders(policy.cors()));
    if (policy.clientAddressPerMinute() > 0) {
      routing.addFilter(RateLimits.perClientAddress(
          policy.limits().limit("client address", policy.clientAddressPerMinute()), policy.proxies()));
    }
    routing.addFilter(new Authentication(policy.authenticator(), new AccessRules()));
    if (policy.subjectPerMinute() > 0) {
      routing.addFilter(RateLimits.perSubject(policy.limits().limit("token subject", policy.subjectPerMinute())));
    }
    if (policy.tenantWritesInFlight() > 0 || policy.tenantWritesPerMinute() > 0) {
      // Each tenant's share of the write path, so one tenant cannot use it up for everyone.
      routing.addFilter(new TenantShares(policy.tenantWritesInFlight(), policy.tenantWritesPerMinute() > 0
          ? Optional.of(policy.limits().limit("tenant writes", policy.tenantWritesPerMinute())) : Optional.empty()));
    }
    if (services.documents() != null) {
      routing.register("/api/v1/documents", services.documents());
    }
    if (services.search() != null) {
      routing.register("/api/v1/search", services.search());
    }
    if (services.projections() != null) {
      routing.register("/api/v1/projections", services.projections());
    }
    routing.register("/health", services.health());
    // No /metrics here: meters name tenants' traffic and internals, so the roles serve them on a
    // management port of their own (TRIBUTARY_METRICS_PORT), optionally behind a token.
    if (services.intents() != null) {
      routing.register("/api/v1/intents", services.intents().intents());
      routing.register("/api/v1/conversations", services.intents().conversations());
    }
    if (services.lag() != null) {
      routing.register("/api/v1/lag", new LagService(services.lag()));
      routing.register("/dashboard", new DashboardService());
    }
    routing.register("/openapi", new OpenApiService());
    ErrorHandling.registerNotFound(routing);
    ErrorHandling.register(routing);
  }

  /** Starts the server without authentication or limits (see {@link #routing(HttpRouting.Builder, EdgeServices)}). */
  public static EdgeApi start(String host, int port, EdgeServices services) {
    return start(host, port, services, EdgePolicy.trustedNetwork("default"));
  }

  /** Starts the server on {@code host:port} (port 0 picks a free one), guarded by {@code policy}. */
  public static EdgeApi start(String host, int port, EdgeServices services, EdgePolicy policy) {
    WebServer server =
        WebServer.builder()
            .host(host)
            .port(port)
            .shutdownHook(false)
            .directHandlers(handlers -> {
              for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                handlers.addHandler(type, new EnvelopeDirectHandler());
              }
            })
            .routing(routing -> routing(routing, services, policy))
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
  public record EdgeServices(DocumentsService documents, SearchService search, HealthService health,
      ProjectionsService projections, IntentsApi intents, LagCollector lag, EdgeTelemetry telemetry) {
    /** Only health and telemetry are required; a route group left {@code null} answers 404 (tests mount just theirs). */
    public EdgeServices {
      requireNonNull(health, "health");
      requireNonNull(telemetry, "telemetry");
    }

    /** Without the optional routes: projections (need Kafka admin access), intents and lag answer 404; no telemetry. */
    public EdgeServices(DocumentsService documents, SearchService search, HealthService health) {
      this(documents, search, health, null, null, null, EdgeTelemetry.none());
    }

    /** These services plus the projections routes. */
    public EdgeServices withProjections(ProjectionsService projections) {
      return new EdgeServices(documents, search, health, projections, intents, lag, telemetry);
    }

    /** These services plus the intent routing routes. */
    public EdgeServices withIntents(IntentsApi intents) {
      return new EdgeServices(documents, search, health, projections, intents, lag, telemetry);
    }

    /** These services plus {@code /api/v1/lag} and the {@code /dashboard} page over {@code lag}. */
    public EdgeServices withLag(LagCollector lag) {
      return new EdgeServices(documents, search, health, projections, intents, lag, telemetry);
    }

    /** These services reporting meters and spans to {@code telemetry}. */
    public EdgeServices withTelemetry(EdgeTelemetry telemetry) {
      return new EdgeServices(documents, search, health, projections, intents, lag, telemetry);
    }
  }
}
