package io.tributary.edge;

import static java.util.Objects.requireNonNull;

import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.http.TrustedProxies;
import io.tributary.edge.ratelimit.RateLimitStore;
import io.tributary.edge.security.Authenticator;
import io.tributary.edge.security.TrustedNetwork;

/**
 * How the edge API guards its routes: who callers are, which browser origins may call, how many
 * requests per minute a client address and a token subject may make (0 = unlimited), each
 * tenant's share of the write path (writes in flight and writes started per minute, 0 = unlimited),
 * where the buckets live (this process, or Redis for every replica) and which proxies'
 * X-Forwarded-For name the client.
 */
public record EdgePolicy(Authenticator authenticator, CorsPolicy cors, int clientAddressPerMinute,
    int subjectPerMinute, int tenantWritesInFlight, int tenantWritesPerMinute, RateLimitStore limits,
    TrustedProxies proxies) {

  public EdgePolicy {
    requireNonNull(authenticator, "authenticator");
    requireNonNull(cors, "cors");
    requireNonNull(limits, "limits");
    requireNonNull(proxies, "proxies");
    if (clientAddressPerMinute < 0 || subjectPerMinute < 0 || tenantWritesInFlight < 0 || tenantWritesPerMinute < 0) {
      throw new IllegalArgumentException("rate limits and shares must be >= 0 (0 = unlimited)");
    }
  }

  /** Buckets in this process, no trusted proxy, no per-tenant write shares. */
  public EdgePolicy(Authenticator authenticator, CorsPolicy cors, int clientAddressPerMinute, int subjectPerMinute) {
    this(authenticator, cors, clientAddressPerMinute, subjectPerMinute, 0, 0, RateLimitStore.inProcess(),
        TrustedProxies.none());
  }

  /** This policy with its buckets in {@code store} (Redis: one bucket per key for every replica). */
  public EdgePolicy withLimits(RateLimitStore store) {
    return new EdgePolicy(authenticator, cors, clientAddressPerMinute, subjectPerMinute, tenantWritesInFlight,
        tenantWritesPerMinute, store, proxies);
  }

  /** No authentication, no CORS, no limits: tests of the routes, and {@code TRIBUTARY_AUTH=none}. */
  public static EdgePolicy trustedNetwork(String tenant) {
    return new EdgePolicy(new TrustedNetwork(tenant), CorsPolicy.none(), 0, 0);
  }
}
