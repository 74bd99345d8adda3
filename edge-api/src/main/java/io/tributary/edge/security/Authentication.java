package io.tributary.edge.security;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.tributary.edge.http.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates every {@code /api/} request and checks its role before any route runs; health
 * endpoints stay open. The caller is registered in the request context for tenancy and rate limits.
 */
public final class Authentication implements Filter {

  private final Authenticator authenticator;
  private final AccessRules rules;

  public Authentication(Authenticator authenticator, AccessRules rules) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.rules = requireNonNull(rules, "rules");
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
    String path = request.path().path();
    if (!path.startsWith("/api/")) {
      chain.proceed();
      return;
    }
    Caller caller = authenticator.authenticate(request.headers().first(HeaderNames.AUTHORIZATION));
    Optional<Role> required = rules.requiredRole(request.prologue().method(), path);
    if (required.isPresent() && !caller.has(required.get())) {
      throw new ApiException(403, "FORBIDDEN",
          "this route needs role " + required.get().claimValue() + ", which the token does not grant", List.of(),
          Map.of("WWW-Authenticate", "Bearer realm=\"tributary\", error=\"insufficient_scope\", scope=\""
              + required.get().claimValue() + "\""));
    }
    request.context().register(caller);
    chain.proceed();
  }
}
