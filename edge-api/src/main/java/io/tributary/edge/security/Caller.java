package io.tributary.edge.security;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.Set;

/** Who a request acts for: the token subject, its tenant and its roles. Never carries the token itself. */
public record Caller(String subject, String tenant, Set<Role> roles) {

  public Caller {
    requireNonNull(subject, "subject");
    requireNonNull(tenant, "tenant");
    roles = Set.copyOf(roles);
  }

  /** The caller that authentication registered for {@code request}, if any. */
  public static Optional<Caller> of(ServerRequest request) {
    return request.context().get(Caller.class);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }
}
