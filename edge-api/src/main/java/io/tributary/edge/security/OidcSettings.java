package io.tributary.edge.security;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * How bearer tokens are checked: the issuer (its discovery document lives under
 * {@code issuer/.well-known/openid-configuration}), the audience the API expects, the claims
 * holding tenant and roles (dots walk into nested objects, e.g. {@code realm_access.roles}),
 * the tolerated clock skew, the shortest pause between two JWKS fetches (for unknown keys, expired
 * keys and retries while the issuer is down), and the longest a fetched key set is trusted
 * ({@code jwksTtl}; a shorter {@code Cache-Control: max-age} from the issuer wins).
 */
public record OidcSettings(URI issuer, String audience, String tenantClaim, String rolesClaim, Duration clockSkew,
    Duration minJwksRefetchInterval, Duration jwksTtl) {

  public OidcSettings {
    requireNonNull(issuer, "issuer");
    requireNonNull(audience, "audience");
    requireNonNull(tenantClaim, "tenantClaim");
    requireNonNull(rolesClaim, "rolesClaim");
    requireNonNull(clockSkew, "clockSkew");
    requireNonNull(minJwksRefetchInterval, "minJwksRefetchInterval");
    requireNonNull(jwksTtl, "jwksTtl");
    if (audience.isBlank()) {
      throw new IllegalArgumentException("audience must not be blank");
    }
    if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("clock skew must be between 0 and 5 minutes, was " + clockSkew);
    }
    if (minJwksRefetchInterval.isNegative() || !jwksTtl.isPositive()) {
      throw new IllegalArgumentException("the JWKS refetch interval must be >= 0 and the JWKS TTL > 0");
    }
  }

  /** The issuer exactly as tokens must name it in {@code iss} (no trailing slash added or removed). */
  public String issuerName() {
    return issuer.toString();
  }
}
