package io.tributary.edge.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.KeyProvider;
import okhttp3.Headers;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A real OIDC issuer in-process (mock-oauth2-server: discovery, JWKS, signed tokens) on
 * loopback, plus the means to forge tokens it never issued.
 */
public final class TestIssuer implements AutoCloseable {

  public static final String ISSUER_ID = "tributary";
  public static final String AUDIENCE = "tributary-api";

  private final PublishedKeys published = new PublishedKeys();
  private final ClientSecrets clients = new ClientSecrets();
  private final MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(), published, clients);

  public TestIssuer() {
    published.own = this::publicKeys;
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer URL tokens carry in {@code iss}. */
  public String issuer() {
    return issuer(ISSUER_ID);
  }

  public String issuer(String issuerId) {
    return server.issuerUrl(issuerId).toString();
  }

  /** Claims of a good token for {@code tenant} with {@code roles}; tests change some of them. */
  public Map<String, Object> claims(String subject, String tenant, String... roles) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", issuer());
    claims.put("aud", List.of(AUDIENCE));
    claims.put("sub", subject);
    claims.put("tenant", tenant);
    claims.put("roles", List.of(roles));
    claims.put("iat", now);
    claims.put("nbf", now);
    claims.put("exp", now + 300);
    return claims;
  }

  /** A token signed by the issuer {@code issuerId}'s own key (kid = issuer id) with exactly {@code claims}. */
  public String sign(String issuerId, Map<String, Object> claims) {
    return server.getConfig().getTokenProvider().jwt(claims, Duration.ofMinutes(5), issuerId).serialize();
  }

  public String sign(Map<String, Object> claims) {
    return sign(ISSUER_ID, claims);
  }

  public String token(String subject, String tenant, String... roles) {
    return sign(claims(subject, tenant, roles));
  }

  /** The token endpoint, where clients get tokens (OIDC client credentials and other grants). */
  public String tokenEndpoint() {
    return server.tokenEndpointUrl(ISSUER_ID).toString();
  }

  /** The JWKS endpoint, where the issuer's public keys are served. */
  public String jwksEndpoint() {
    return server.jwksUrl(ISSUER_ID).toString();
  }

  /**
   * From now on the token endpoint grants client credentials to {@code clientId} only with
   * {@code secret} (answering a wrong one 401 {@code invalid_client}, as an identity provider does);
   * clients never registered are not checked.
   */
  public void registerClient(String clientId, String secret) {
    clients.secrets.put(clientId, secret);
  }

  /** The issuer's public key set as it serves it. */
  public JWKSet publicKeys() {
    return server.getConfig().getTokenProvider().publicJwkSet(ISSUER_ID);
  }

  /** A fresh RSA key the issuer does not publish. */
  public static RSAKey newKey(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code claims} signed RS256 with {@code key}, naming {@code key}'s id. */
  public static String signWith(RSAKey key, Map<String, Object> claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
          JWTClaimsSet.parse(claims));
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException | java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code claims} signed RS256 by the issuer's own signing key (kid = issuer id) under a header of
   * type {@code typ} ({@code null} = no typ): tokens the issuer would never mint, such as one without
   * {@code exp} or of another token type, yet with a valid signature.
   */
  public String signAsIssuer(String typ, Map<String, Object> claims) {
    try {
      // The mock keeps its keys private; its own jwt() always adds exp and typ JWT.
      java.lang.reflect.Field field = server.getConfig().getTokenProvider().getClass().getDeclaredField("keyProvider");
      field.setAccessible(true);
      KeyProvider keyProvider = (KeyProvider) field.get(server.getConfig().getTokenProvider());
      RSAKey key = keyProvider.signingKey(ISSUER_ID).toRSAKey();
      JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID());
      if (typ != null) {
        header.type(new com.nimbusds.jose.JOSEObjectType(typ));
      }
      SignedJWT jwt = new SignedJWT(header.build(), JWTClaimsSet.parse(claims));
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (ReflectiveOperationException | JOSEException | java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** From now on the issuer publishes {@code keys} as its JWKS (it rotated its keys). */
  public void publish(JWKSet keys) {
    published.keys = keys.toPublicJWKSet();
  }

  /** From now on the JWKS answer carries {@code Cache-Control: value} ({@code null} = no such header). */
  public void keysCacheControl(String value) {
    published.cacheControl = value;
  }

  /** While {@code failing}, the JWKS endpoint answers 503, as an issuer in trouble does. */
  public void keysFailing(boolean failing) {
    published.failing = failing;
  }

  /** Paths requested from the issuer since the last call (drains the record). */
  public List<String> requestedPaths() {
    List<String> paths = new ArrayList<>();
    RecordedRequest request;
    while ((request = next()) != null) {
      paths.add(request.getPath());
    }
    return paths;
  }

  private RecordedRequest next() {
    try {
      return server.takeRequest(50, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return null; // "no request found in queue within timeout"
    }
  }

  /**
   * Serves the main issuer's JWKS itself once keys are published, a cache header is set or the
   * endpoint is failing; the issuer's own routes otherwise.
   */
  private static final class PublishedKeys implements Route {
    private volatile java.util.function.Supplier<JWKSet> own;
    private volatile JWKSet keys;
    private volatile String cacheControl;
    private volatile boolean failing;

    @Override
    public boolean match(OAuth2HttpRequest request) {
      return (keys != null || cacheControl != null || failing)
          && request.getUrl().encodedPath().equals("/" + ISSUER_ID + "/jwks");
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
      if (failing) {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "text/plain"), 503, "unavailable", null);
      }
      JWKSet served = keys != null ? keys : own.get();
      Headers headers = cacheControl == null
          ? Headers.of("Content-Type", "application/json")
          : Headers.of("Content-Type", "application/json", "Cache-Control", cacheControl);
      return new OAuth2HttpResponse(headers, 200, served.toString(), null);
    }
  }

  /** Refuses a client credentials grant whose client is registered with another secret. */
  private static final class ClientSecrets implements Route {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    @Override
    public boolean match(OAuth2HttpRequest request) {
      if (secrets.isEmpty() || !request.getUrl().encodedPath().equals("/" + ISSUER_ID + "/token")
          || !GrantType.CLIENT_CREDENTIALS.equals(request.grantType())) {
        return false;
      }
      try {
        ClientSecretBasic basic = ClientSecretBasic.parse(request.getHeaders().get("Authorization"));
        String expected = secrets.get(basic.getClientID().getValue());
        return expected != null && !expected.equals(basic.getClientSecret().getValue());
      } catch (ParseException | RuntimeException e) {
        return false; // no Basic credentials: the issuer's own handling answers
      }
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
      return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 401,
          "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}", null);
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
