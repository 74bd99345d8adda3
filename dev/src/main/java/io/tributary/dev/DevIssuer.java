package io.tributary.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.helidon.webserver.WebServer;
import io.tributary.edge.http.JsonResponses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A minimal OIDC issuer for dev mode only: discovery and JWKS on a loopback port, and tokens
 * signed with an RSA key that lives in memory for the life of the process. Only {@link DevStack}
 * starts it; no setting can, so a production {@code api} never trusts it. The API validates its
 * tokens exactly like any other issuer's.
 */
public final class DevIssuer implements AutoCloseable {

  /** The audience dev tokens are issued for, and the API expects in dev mode. */
  public static final String AUDIENCE = "tributary-dev";

  private static final Duration TOKEN_LIFETIME = Duration.ofDays(7);

  private final RSAKey key;
  private final String publicKeys;
  private final Clock clock;
  private final WebServer server;
  private final String issuer;

  private DevIssuer(RSAKey key, Clock clock) {
    this.key = key;
    this.publicKeys = new JWKSet(key.toPublicJWK()).toString();
    this.clock = clock;
    // Nobody knows the port before start() returns, so no request can see the issuer unset.
    this.server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
        .routing(routing -> routing
            .get("/.well-known/openid-configuration", (request, response) ->
                JsonResponses.send(response, 200, discovery()))
            .get("/jwks", (request, response) -> {
              response.header("Content-Type", "application/json");
              response.send(publicKeys);
            }))
        .build().start();
    this.issuer = "http://127.0.0.1:" + server.port();
  }

  /** Starts the issuer on a free loopback port with a fresh key. */
  public static DevIssuer start(Clock clock) {
    try {
      return new DevIssuer(new RSAKeyGenerator(2048).keyID("dev-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256).generate(), clock);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate the dev issuer's key", e);
    }
  }

  private Map<String, Object> discovery() {
    return Map.of("issuer", issuer, "jwks_uri", issuer + "/jwks",
        "id_token_signing_alg_values_supported", List.of("RS256"),
        "response_types_supported", List.of("token"), "subject_types_supported", List.of("public"));
  }

  /** The issuer URL tokens carry in {@code iss}. */
  public String issuer() {
    return issuer;
  }

  /** A token for {@code subject} in {@code tenant} with {@code roles}, valid for a week. */
  public String token(String subject, String tenantClaim, String tenant, String rolesClaim, List<String> roles) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer).audience(AUDIENCE).subject(subject)
        .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
        .jwtID(UUID.randomUUID().toString())
        .claim(tenantClaim, tenant).claim(rolesClaim, roles)
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a dev token", e);
    }
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop();
  }
}
