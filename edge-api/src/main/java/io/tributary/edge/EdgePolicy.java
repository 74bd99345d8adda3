package io.tributary.edge;

import static java.util.Objects.requireNonNull;

import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.security.Authenticator;
import io.tributary.edge.security.TrustedNetwork;

/**
 * How the edge API guards its routes: who callers are, which browser origins may call, how many
 * requests per minute a client address and a token subject may make, and each tenant's share of
 * the write path: writes in flight and writes started per minute (0 = unlimited, for each).
 */
public record EdgePolicy(Authenticator authenticator, CorsPolicy cors, int clientAddressPerMinute,
    int subjectPerMinute, int tenantWritesInFlight, int tenantWritesPerMinute) {

  public EdgePolicy {
    requireNonNull(authenticator, "authenticator");
    requireNonNull(cors, "cors");
    if (clientAddressPerMinute < 0 || subjectPerMinute < 0 || tenantWritesInFlight < 0 || tenantWritesPerMinute < 0) {
      throw new IllegalArgumentException("rate limits and shares must be >= 0 (0 = unlimited)");
    }
  }

  /** Without per-tenant write shares. */
  public EdgePolicy(Authenticator authenticator, CorsPolicy cors, int clientAddressPerMinute, int subjectPerMinute) {
    this(authenticator, cors, clientAddressPerMinute, subjectPerMinute, 0, 0);
  }

  /** No authentication, no CORS, no limits: tests of the routes, and {@code TRIBUTARY_AUTH=none}. */
  public static EdgePolicy trustedNetwork(String tenant) {
    return new EdgePolicy(new TrustedNetwork(tenant), CorsPolicy.none(), 0, 0);
  }
}
