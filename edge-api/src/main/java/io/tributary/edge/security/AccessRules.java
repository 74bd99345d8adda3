package io.tributary.edge.security;

import io.helidon.http.Method;
import java.util.Optional;

/** The role each route needs: reads need {@code read}, writes {@code write}, admin routes {@code admin}. */
public final class AccessRules {

  /** The role {@code method} on {@code path} needs; empty for routes open to every authenticated caller. */
  public Optional<Role> requiredRole(Method method, String path) {
    if (path.startsWith("/api/v1/admin")) {
      return Optional.of(Role.ADMIN);
    }
    if (path.startsWith("/api/v1/documents") || path.startsWith("/api/v1/search")) {
      boolean reads = Method.GET.equals(method) || Method.HEAD.equals(method)
          // POST /search is a query with a body, not a write.
          || (Method.POST.equals(method) && path.startsWith("/api/v1/search"));
      return Optional.of(reads ? Role.READ : Role.WRITE);
    }
    return Optional.empty();
  }
}
