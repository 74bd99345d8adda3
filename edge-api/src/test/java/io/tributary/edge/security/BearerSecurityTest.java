package io.tributary.edge.security;

import static io.tributary.edge.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.testing.EdgeFixture;
import io.tributary.edge.testing.Http;
import io.tributary.edge.testing.TestIssuer;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.schemas.json.Json;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bearer tokens against a real in-process OIDC issuer: who gets in, with which roles, seeing which tenant. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class BearerSecurityTest {

  private static final String QUERY = "I cannot sign in to my account";

  private static TestIssuer issuer;
  private static EdgeFixture fixture;
  private static Http http;

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db) {
    issuer = new TestIssuer();
    fixture = new EdgeFixture(kafka.bootstrapServers(), db.jdbcUrl());
    EdgeApi api = fixture.start(EdgeFixture.bearer(issuer.issuer(), CorsPolicy.none(), 0, 0));
    http = new Http(api.port());
    fixture.seed("recovery-a", "tenant-a", "Account recovery (a)", "If you forget your password, request a reset link by e-mail.");
    fixture.seed("recovery-b", "tenant-b", "Account recovery (b)", "If you forget your password, request a reset link by e-mail.");
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  private static String readerOf(String tenant) {
    return issuer.token("alice", tenant, "tributary.read");
  }

  private static String with(Consumer<Map<String, Object>> change) {
    Map<String, Object> claims = issuer.claims("mallory", "tenant-a", "tributary.read");
    change.accept(claims);
    return issuer.sign(claims);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static List<Map.Entry<String, String>> hostileTokens() throws Exception {
    long now = Instant.now().getEpochSecond();
    String claimsJson = Json.mapper().writeValueAsString(issuer.claims("mallory", "tenant-a", "tributary.read"));
    String good = readerOf("tenant-a");
    String[] parts = good.split("\\.");
    Map<String, Object> otherTenant = issuer.claims("mallory", "tenant-b", "tributary.read");
    RSAKey publicKey = issuer.publicKeys().getKeys().getFirst().toRSAKey();

    List<Map.Entry<String, String>> tokens = new ArrayList<>();
    tokens.add(Map.entry("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claimsJson) + "."));
    tokens.add(Map.entry("alg none with the issuer's kid",
        b64("{\"alg\":\"none\",\"kid\":\"" + TestIssuer.ISSUER_ID + "\"}") + "." + b64(claimsJson) + "."));
    tokens.add(Map.entry("HS256 signed with the public key", hmacWithPublicKey(publicKey, claimsJson)));
    tokens.add(Map.entry("expired", with(c -> c.put("exp", now - 600))));
    tokens.add(Map.entry("not yet valid", with(c -> c.put("nbf", now + 600))));
    tokens.add(Map.entry("wrong aud", with(c -> c.put("aud", List.of("another-api")))));
    tokens.add(Map.entry("wrong iss", with(c -> c.put("iss", issuer.issuer("elsewhere")))));
    tokens.add(Map.entry("unknown kid", TestIssuer.signWith(TestIssuer.newKey("unknown-kid"),
        issuer.claims("mallory", "tenant-a", "tributary.read"))));
    tokens.add(Map.entry("forged key under the issuer's kid", TestIssuer.signWith(TestIssuer.newKey(TestIssuer.ISSUER_ID),
        issuer.claims("mallory", "tenant-a", "tributary.read"))));
    tokens.add(Map.entry("tampered payload",
        parts[0] + "." + b64(Json.mapper().writeValueAsString(otherTenant)) + "." + parts[2]));
    tokens.add(Map.entry("token from another issuer", issuer.sign("other-issuer", Map.of(
        "iss", issuer.issuer("other-issuer"), "aud", List.of(TestIssuer.AUDIENCE), "sub", "mallory",
        "tenant", "tenant-a", "roles", List.of("tributary.read"), "exp", now + 300))));
    tokens.add(Map.entry("another issuer's key claiming our iss", issuer.sign("other-issuer",
        issuer.claims("mallory", "tenant-a", "tributary.read"))));
    tokens.add(Map.entry("no tenant claim", with(c -> c.remove("tenant"))));
    Map<String, Object> noExpiry = issuer.claims("mallory", "tenant-a", "tributary.read");
    noExpiry.remove("exp");
    tokens.add(Map.entry("no exp, signed by the issuer", issuer.signAsIssuer("JWT", noExpiry)));
    Map<String, Object> noSubject = issuer.claims("mallory", "tenant-a", "tributary.read");
    noSubject.remove("sub");
    tokens.add(Map.entry("no sub, signed by the issuer", issuer.signAsIssuer("JWT", noSubject)));
    Map<String, Object> blankSubject = issuer.claims(" ", "tenant-a", "tributary.read");
    tokens.add(Map.entry("blank sub, signed by the issuer", issuer.signAsIssuer("JWT", blankSubject)));
    Map<String, Object> wellFormed = issuer.claims("mallory", "tenant-a", "tributary.read");
    tokens.add(Map.entry("typ dpop+jwt (a proof, not an access token)", issuer.signAsIssuer("dpop+jwt", wellFormed)));
    tokens.add(Map.entry("typ logout+jwt", issuer.signAsIssuer("logout+jwt", wellFormed)));
    tokens.add(Map.entry("typ secevent+jwt", issuer.signAsIssuer("application/secevent+jwt", wellFormed)));
    tokens.add(Map.entry("not a JWT at all", "abc.def"));
    return tokens;
  }

  private static String hmacWithPublicKey(RSAKey publicKey, String claimsJson) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestIssuer.ISSUER_ID).build(),
        JWTClaimsSet.parse(claimsJson));
    try {
      jwt.sign(new MACSigner(publicKey.toRSAPublicKey().getEncoded()));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileTokens")
  void shouldRefuseEveryHostileTokenWith401BearerAndAnEnvelope(Map.Entry<String, String> hostile) {
    HttpResponse<String> response = http.search(QUERY, hostile.getValue());

    assertThat(response.statusCode()).as(hostile.getKey() + ": " + response.body()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString()
        .startsWith("Bearer ").contains("error=\"invalid_token\"");
    JsonNode body = json(response);
    assertThat(body.path("status").asInt()).isEqualTo(401);
    assertThat(body.path("code").asText()).isEqualTo("INVALID_TOKEN");
    assertThat(body.path("request_id").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("recovery");
  }

  @Test
  void shouldAskForABearerTokenWhenThereIsNone() {
    HttpResponse<String> response = http.search(QUERY, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"tributary\"");
    assertThat(json(response).path("code").asText()).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void shouldAnswerAnotherAuthorizationSchemeWithABearerChallenge() {
    HttpResponse<String> response = http.send(http.request("/api/v1/search?q=x").header("Authorization", "Basic YTpi"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
  }

  @ParameterizedTest(name = "typ {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"JWT", "jwt", "at+jwt", "application/at+JWT"})
  void shouldAcceptAccessTokenTypes(String typ) {
    String token = issuer.signAsIssuer(typ, issuer.claims("alice", "tenant-a", "tributary.read"));

    assertThat(http.search(QUERY, token).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAcceptATokenWithoutTyp() {
    String token = issuer.signAsIssuer(null, issuer.claims("alice", "tenant-a", "tributary.read"));

    assertThat(http.search(QUERY, token).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAcceptATokenExpiredWithinTheClockSkew() {
    String token = with(c -> c.put("exp", Instant.now().getEpochSecond() - 5));

    assertThat(http.search(QUERY, token).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldShowEachTenantOnlyItsOwnHits() {
    JsonNode a = json(http.search(QUERY, readerOf("tenant-a")));
    JsonNode b = json(http.search(QUERY, readerOf("tenant-b")));
    JsonNode c = json(http.search(QUERY, readerOf("tenant-c")));

    assertThat(a.path("hits").findValuesAsText("document_id")).containsExactly("recovery-a");
    assertThat(b.path("hits").findValuesAsText("document_id")).containsExactly("recovery-b");
    assertThat(c.path("hits").size()).isZero();
  }

  @Test
  void shouldForbidASearchWithoutTheReadRole() {
    HttpResponse<String> response = http.search(QUERY, issuer.token("bob", "tenant-a", "tributary.write"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(json(response).path("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString()
        .contains("insufficient_scope").contains("tributary.read");
  }

  @Test
  void shouldForbidAWriteWithOnlyTheReadRole() {
    HttpResponse<String> response = http.send(http.request("/api/v1/documents")
        .header("Authorization", "Bearer " + readerOf("tenant-a")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"should never be written\"}")));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(json(response).path("message").asText()).contains("tributary.write");
  }

  @Test
  void shouldAcceptAWriteWithTheWriteRoleForTheTokensTenant() {
    HttpResponse<String> response = http.send(http.request("/api/v1/documents")
        .header("Authorization", "Bearer " + issuer.token("carol", "tenant-a", "tributary.write"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Written by carol.\"}")));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  @Test
  void shouldReadRolesFromASpaceSeparatedClaimToo() {
    String token = with(c -> c.put("roles", "openid tributary.read"));

    assertThat(http.search(QUERY, token).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldKeepHealthOpenWithoutAToken() {
    assertThat(http.get("/health/live", null).statusCode()).isEqualTo(200);
    assertThat(http.get("/health/ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRefetchTheKeySetOnceForAnUnknownKeyId() {
    http.search(QUERY, readerOf("tenant-a"));
    issuer.requestedPaths();

    HttpResponse<String> response = http.search(QUERY,
        TestIssuer.signWith(TestIssuer.newKey("never-published"), issuer.claims("m", "tenant-a", "tributary.read")));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(issuer.requestedPaths()).containsExactly("/" + TestIssuer.ISSUER_ID + "/jwks");
  }

  @Test
  void shouldAcceptTokensSignedWithARotatedKeyOnceTheIssuerPublishesIt() throws Exception {
    assertThat(http.search(QUERY, readerOf("tenant-a")).statusCode()).isEqualTo(200);
    RSAKey rotated = TestIssuer.newKey("rotated-" + System.nanoTime());
    List<JWK> keys = new ArrayList<>(issuer.publicKeys().getKeys());
    keys.add(rotated.toPublicJWK());
    issuer.publish(new JWKSet(keys));

    HttpResponse<String> response = http.search(QUERY,
        TestIssuer.signWith(rotated, issuer.claims("dave", "tenant-a", "tributary.read")));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).path("hits").findValuesAsText("document_id")).containsExactly("recovery-a");
  }

  @Test
  void shouldAnswer503WhenTheIssuerIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    EdgeApi api = fixture.start(EdgeFixture.bearer("http://127.0.0.1:" + closedPort + "/down", CorsPolicy.none(), 0, 0));

    HttpResponse<String> response = new Http(api.port()).search(QUERY, readerOf("tenant-a"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    JsonNode body = json(response);
    assertThat(body.path("code").asText()).isEqualTo("DEPENDENCY_UNAVAILABLE");
    assertThat(body.path("message").asText()).contains("identity provider").doesNotContain(String.valueOf(closedPort));
  }
}
