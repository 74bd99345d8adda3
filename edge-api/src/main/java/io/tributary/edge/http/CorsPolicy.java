package io.tributary.edge.http;

import java.util.List;
import java.util.Set;

/**
 * Which browser origins may call the API (exact {@code scheme://host[:port]} matches; empty =
 * none). Tokens travel in the Authorization header, never in cookies, so credentials stay off.
 */
public record CorsPolicy(Set<String> allowedOrigins) {

  static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
  static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-ID, traceparent, Idempotency-Key";
  static final String EXPOSED_HEADERS = "X-Request-ID, Retry-After, Location";
  static final String MAX_AGE_SECONDS = "600";

  public CorsPolicy {
    allowedOrigins = Set.copyOf(allowedOrigins);
  }

  /** No browser origin is allowed. */
  public static CorsPolicy none() {
    return new CorsPolicy(Set.of());
  }

  /** Parses a comma-separated allow-list such as {@code https://app.example, http://localhost:3000}. */
  public static CorsPolicy parse(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return none();
    }
    return new CorsPolicy(Set.copyOf(List.of(commaSeparated.split(",")).stream().map(String::strip)
        .map(o -> o.replaceAll("/+$", "")).filter(o -> !o.isEmpty()).toList()));
  }

  public boolean allows(String origin) {
    return allowedOrigins.contains(origin);
  }
}
