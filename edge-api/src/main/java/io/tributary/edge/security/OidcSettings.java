package io.tributary.edge.security;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * How bearer tokens are checked: the issuer (its discovery document lives under
 * {@code issuer/.well-known/openid-configuration}), the audience the API expects, the claims
 * holding tenant and roles (dots walk into nested objects, e.g. {@code realm_access.roles}),
 * the tolerated clock skew, and the shortest pause between two JWKS refetches for unknown keys.
 */
public record OidcSettings(URI issuer, String audience, String tenantClaim, String rolesClaim, Duration clockSkew,
    Duration minJwksRefetchInterval) {

  public OidcSettings {
    requireNonNull(issuer, "issuer");
    requireNonNull(audience, "audience");
    requireNonNull(tenantClaim, "tenantClaim");
    requireNonNull(rolesClaim, "rolesClaim");
    requireNonNull(clockSkew, "clockSkew");
    requireNonNull(minJwksRefetchInterval, "minJwksRefetchInterval");
    if (audience.isBlank()) {
      throw new IllegalArgumentException("audience must not be blank");
    }
    if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("clock skew must be between 0 and 5 minutes, was " + clockSkew);
    }
  }

  /** The issuer exactly as tokens must name it in {@code iss} (no trailing slash added or removed). */
  public String issuerName() {
    return issuer.toString();
  }
}
