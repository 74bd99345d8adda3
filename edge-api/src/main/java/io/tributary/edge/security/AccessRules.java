package io.tributary.edge.security;

import io.helidon.http.Method;
import java.util.Optional;

/** The role each route needs: reads need {@code read}, writes {@code write}, admin routes {@code admin}. */
public final class AccessRules {

  /** The role {@code method} on {@code path} needs; empty for routes open to every authenticated caller. */
  public Optional<Role> requiredRole(Method method, String path) {
    boolean reads = Method.GET.equals(method) || Method.HEAD.equals(method);
    if (path.startsWith("/api/v1/admin") || path.equals("/api/v1/lag") || path.startsWith("/api/v1/lag/")) {
      // Lag names every consumer group and topic of every tenant.
      return Optional.of(Role.ADMIN);
    }
    if (path.startsWith("/api/v1/projections")) {
      // Status is operational data; starting a replay rebuilds a read model for every tenant.
      return Optional.of(reads ? Role.READ : Role.ADMIN);
    }
    if (path.startsWith("/api/v1/documents") || path.startsWith("/api/v1/search")
        || path.startsWith("/api/v1/intents") || path.startsWith("/api/v1/conversations")) {
      // POST /search is a query with a body, not a write.
      boolean query = Method.POST.equals(method) && path.startsWith("/api/v1/search");
      return Optional.of(reads || query ? Role.READ : Role.WRITE);
    }
    return Optional.empty();
  }
}
