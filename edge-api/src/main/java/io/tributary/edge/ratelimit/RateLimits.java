package io.tributary.edge.ratelimit;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.tributary.edge.http.ApiException;
import io.tributary.edge.http.TrustedProxies;
import io.tributary.edge.security.Caller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers 429 with {@code Retry-After} when a key is over its rate. Two instances guard the API:
 * per client address before authentication (so token guessing is limited too) and per token
 * subject after it. Health endpoints are never limited: probes must always get through.
 */
public final class RateLimits implements Filter {

  private static final HeaderName X_FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");

  private final String scope;
  private final RateLimit limiter;
  private final Function<RoutingRequest, Optional<String>> key;

  private RateLimits(String scope, RateLimit limiter, Function<RoutingRequest, Optional<String>> key) {
    this.scope = scope;
    this.limiter = limiter;
    this.key = key;
  }

  /** Limits each client address: the TCP peer, or the forwarded client when the peer is a trusted proxy. */
  public static RateLimits perClientAddress(RateLimit limiter, TrustedProxies proxies) {
    return new RateLimits("client address", limiter, request -> Optional.of(proxies.clientOf(
        request.remotePeer().host(), request.headers().first(X_FORWARDED_FOR))));
  }

  /** Limits each TCP peer address, believing no forwarding header. */
  public static RateLimits perClientAddress(RateLimit limiter) {
    return perClientAddress(limiter, TrustedProxies.none());
  }

  /** Limits each authenticated token subject; must run after authentication. */
  public static RateLimits perSubject(RateLimit limiter) {
    return new RateLimits("token subject", limiter,
        request -> Caller.of(request).map(caller -> caller.tenant() + "/" + caller.subject()));
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
    if (request.path().path().startsWith("/health")) {
      chain.proceed();
      return;
    }
    Optional<String> limited = key.apply(request);
    if (limited.isPresent()) {
      Duration wait = limiter.acquire(limited.get());
      if (!wait.isZero()) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        throw new ApiException(429, "RATE_LIMITED",
            "too many requests for this " + scope + "; retry after " + seconds + " s", List.of(),
            Map.of("Retry-After", Long.toString(seconds)));
      }
    }
    chain.proceed();
  }
}
