package io.tributary.edge.security;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How long a fetched JWKS may be trusted: the issuer's {@code Cache-Control: max-age}
 * ({@code no-cache}/{@code no-store} count as 0), capped by the configured TTL and raised to the
 * refetch interval (a set cannot expire before the next fetch is allowed). Without a max-age, the TTL.
 */
final class KeySetLifetime {

  private KeySetLifetime() {}

  static Duration of(List<String> cacheControl, Duration ttl, Duration minRefetchInterval) {
    Duration lifetime = ttl;
    for (String header : cacheControl) {
      for (String directive : header.split(",")) {
        String d = directive.strip().toLowerCase(Locale.ROOT);
        if (d.equals("no-cache") || d.equals("no-store")) {
          lifetime = Duration.ZERO;
        } else if (d.startsWith("max-age=")) {
          lifetime = min(lifetime, maxAge(d.substring("max-age=".length()), ttl));
        }
      }
    }
    return min(ttl, lifetime).compareTo(minRefetchInterval) < 0 ? minRefetchInterval : min(ttl, lifetime);
  }

  private static Duration maxAge(String raw, Duration ttl) {
    try {
      long seconds = Long.parseLong(raw.replace("\"", "").strip());
      return seconds < 0 ? Duration.ZERO : Duration.ofSeconds(Math.min(seconds, ttl.toSeconds() + 1));
    } catch (NumberFormatException e) {
      // RFC 9111: an invalid max-age is treated as stale.
      return Duration.ZERO;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
