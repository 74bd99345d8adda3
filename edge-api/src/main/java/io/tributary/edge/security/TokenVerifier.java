package io.tributary.edge.security;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a bearer token completely: an asymmetric JWS algorithm only (never {@code none} or HMAC,
 * whose "secret" an attacker could take from the public JWKS), a signature by a key of the
 * configured issuer, a {@code typ} header (when present) naming a JWT access token rather than
 * an ID, logout or DPoP proof token, {@code iss}, {@code aud}, a required {@code exp} and an
 * optional {@code nbf} within the clock skew, a required subject and a tenant. Returns who the caller is.
 */
public final class TokenVerifier {

  private static final Set<JWSAlgorithm> ACCEPTED = Set.of(
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

  /** {@code typ} values of access tokens (RFC 7519 and RFC 9068), lower case, without {@code application/}. */
  private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt");

  private final OidcSettings settings;
  private final IssuerKeys keys;
  private final Clock clock;
  private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

  public TokenVerifier(OidcSettings settings, IssuerKeys keys, Clock clock) {
    this.settings = requireNonNull(settings, "settings");
    this.keys = requireNonNull(keys, "keys");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The caller {@code token} speaks for; throws {@link InvalidTokenException} or {@link IssuerUnavailableException}. */
  public Caller verify(String token) {
    SignedJWT jwt = parse(token);
    JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
    if (!ACCEPTED.contains(algorithm)) {
      throw new InvalidTokenException("signing algorithm " + algorithm + " is not accepted");
    }
    checkType(jwt.getHeader().getType());
    String keyId = jwt.getHeader().getKeyID();
    if (keyId == null || keyId.isBlank()) {
      throw new InvalidTokenException("the token names no key id");
    }
    JWK key = keys.key(keyId).orElseThrow(() -> new InvalidTokenException("the issuer has no key '" + keyId + "'"));
    checkSignature(jwt, key);
    JWTClaimsSet claims = claims(jwt);
    checkClaims(claims);
    return new Caller(claims.getSubject(), tenant(claims), roles(claims));
  }

  private static SignedJWT parse(String token) {
    try {
      // Only a JWS parses here: an unsecured (alg none) or encrypted token is refused.
      return SignedJWT.parse(token);
    } catch (ParseException | IllegalArgumentException e) {
      throw new InvalidTokenException("the token is not a signed JWT");
    }
  }

  private static void checkType(JOSEObjectType type) {
    if (type == null) {
      return;
    }
    // Media types are case-insensitive and may drop "application/" (RFC 7515, section 4.1.9).
    String name = type.getType().strip().toLowerCase(Locale.ROOT).replaceFirst("^application/", "");
    if (!ACCEPTED_TYPES.contains(name)) {
      // The value is not echoed: it is the caller's text.
      throw new InvalidTokenException("the token type is not a JWT access token");
    }
  }

  private void checkSignature(SignedJWT jwt, JWK key) {
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      throw new InvalidTokenException("key '" + key.getKeyID() + "' is not a signing key");
    }
    if (key.getAlgorithm() != null && !key.getAlgorithm().equals(jwt.getHeader().getAlgorithm())) {
      throw new InvalidTokenException("key '" + key.getKeyID() + "' is for " + key.getAlgorithm());
    }
    try {
      JWSVerifier verifier = verifiers.createJWSVerifier(jwt.getHeader(), ((AsymmetricJWK) key).toPublicKey());
      if (!jwt.verify(verifier)) {
        throw new InvalidTokenException("the signature does not verify");
      }
    } catch (JOSEException | ClassCastException e) {
      // Wrong key type for the algorithm, e.g. an EC key named by an RS256 token.
      throw new InvalidTokenException("the signature does not verify");
    }
  }

  private static JWTClaimsSet claims(SignedJWT jwt) {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException("the token's claims are not a JSON object");
    }
  }

  private void checkClaims(JWTClaimsSet claims) {
    if (!settings.issuerName().equals(claims.getIssuer())) {
      throw new InvalidTokenException("the token is from another issuer");
    }
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(settings.audience())) {
      throw new InvalidTokenException("the token is not for audience '" + settings.audience() + "'");
    }
    Instant now = clock.instant();
    Date expires = claims.getExpirationTime();
    if (expires == null) {
      throw new InvalidTokenException("the token has no expiry");
    }
    if (!now.isBefore(expires.toInstant().plus(settings.clockSkew()))) {
      throw new InvalidTokenException("the token has expired");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && now.isBefore(notBefore.toInstant().minus(settings.clockSkew()))) {
      throw new InvalidTokenException("the token is not valid yet");
    }
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      throw new InvalidTokenException("the token has no subject");
    }
  }

  private String tenant(JWTClaimsSet claims) {
    Object value = claim(claims, settings.tenantClaim());
    if (!(value instanceof String tenant) || tenant.isBlank()) {
      throw new InvalidTokenException("the token has no tenant in claim '" + settings.tenantClaim() + "'");
    }
    return tenant;
  }

  private Set<Role> roles(JWTClaimsSet claims) {
    Object value = claim(claims, settings.rolesClaim());
    // Issuers put roles in a JSON array or, like the OAuth scope claim, in one space-separated string.
    List<?> names = switch (value) {
      case List<?> list -> list;
      case String text -> List.of(text.trim().split("\\s+"));
      case null, default -> List.of();
    };
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (Object name : names) {
      if (name instanceof String text) {
        Role.fromClaim(text).ifPresent(roles::add);
      }
    }
    return roles;
  }

  private static Object claim(JWTClaimsSet claims, String path) {
    Object current = claims.getClaims();
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(part);
    }
    return current;
  }
}
