package io.tributary.edge;

import static java.util.Objects.requireNonNull;

import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.security.Authenticator;
import io.tributary.edge.security.TrustedNetwork;

/**
 * How the edge API guards its routes: who callers are, which browser origins may call, and how
 * many requests per minute a client address and a token subject may make (0 = unlimited).
 */
public record EdgePolicy(Authenticator authenticator, CorsPolicy cors, int clientAddressPerMinute,
    int subjectPerMinute) {

  public EdgePolicy {
    requireNonNull(authenticator, "authenticator");
    requireNonNull(cors, "cors");
    if (clientAddressPerMinute < 0 || subjectPerMinute < 0) {
      throw new IllegalArgumentException("rate limits must be >= 0 (0 = unlimited)");
    }
  }

  /** No authentication, no CORS, no limits: tests of the routes, and {@code TRIBUTARY_AUTH=none}. */
  public static EdgePolicy trustedNetwork(String tenant) {
    return new EdgePolicy(new TrustedNetwork(tenant), CorsPolicy.none(), 0, 0);
  }
}
