package io.tributary.edge.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import net.jqwik.api.Tag;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.EdgePolicy;
import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.intents.ConversationsService;
import io.tributary.edge.intents.IntentSubmitter;
import io.tributary.edge.intents.IntentsApi;
import io.tributary.edge.intents.IntentsService;
import io.tributary.monitoring.lag.KafkaLagSource;
import io.tributary.monitoring.lag.LagCollector;
import io.tributary.monitoring.lag.LagSettings;
import io.tributary.monitoring.lag.OldestRecordProbe;
import io.tributary.monitoring.lag.ProjectionPositions;
import io.tributary.edge.projections.ProjectionsService;
import io.tributary.edge.security.BearerTokens;
import io.tributary.edge.security.IssuerKeys;
import io.tributary.edge.security.OidcSettings;
import io.tributary.edge.security.TokenVerifier;
import io.tributary.edge.tenancy.CallerTenant;
import io.tributary.edge.testing.EdgeFixture;
import io.tributary.edge.testing.TestIssuer;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.PostgresOptions;
import io.tributary.projections.agents.AgentRoutes;
import io.tributary.projections.replay.ReplayLauncher;
import io.tributary.projections.status.ProjectionStatusReader;
import io.tributary.schemas.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Generated hostile requests against every route of the edge API, over a raw socket: bodies,
 * headers, query strings, paths and methods no client should send. Whatever arrives, the answer
 * is never a 5xx, never carries a stack trace, and every error is the one envelope
 * {@code {status, code, message, details, request_id}}. Tries are bounded so each property
 * finishes in seconds; jqwik prints the seed of a failure to replay it.
 */
@Tag("integration")
class HostileRequestsTest {

  private static final Pattern STACK_TRACE = Pattern.compile(
      "\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|\\.java:\\d+\\)|java\\.lang\\.|io\\.helidon\\.|com\\.fasterxml\\.|io\\.tributary\\.");

  /** Route templates; {x} becomes a hostile path segment. The SSE stream is left out: it never ends. */
  private static final List<String> ROUTES = List.of(
      "GET /api/v1/documents", "POST /api/v1/documents", "GET /api/v1/documents/{x}",
      "GET /api/v1/documents/{x}/chunks", "DELETE /api/v1/documents/{x}",
      "GET /api/v1/search", "POST /api/v1/search",
      "GET /api/v1/projections", "GET /api/v1/projections/{x}", "POST /api/v1/projections/{x}/replay",
      "POST /api/v1/intents", "GET /api/v1/intents/routes", "GET /api/v1/intents/stats",
      "POST /api/v1/intents/{x}/label", "DELETE /api/v1/intents/{x}/label",
      "GET /api/v1/conversations/{x}",
      "GET /api/v1/lag", "GET /api/v1/lag/history",
      "GET /dashboard", "GET /openapi", "GET /health/live", "GET /health/ready",
      "GET /{x}", "POST /api/v1/{x}", "GET /api/{x}/documents");

  private static final List<String> NASTY = List.of(
      "", " ", "..", "../../etc/passwd", "%", "%zz", "%00", "%c0%af", "%2e%2e%2f", "%ff%fe", "\u0000", "\t",
      "' OR 1=1 --", "\"; DROP TABLE rag.documents; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
      "{{7*7}}", "null", "true", "[]", "{}", "-1", "0", "9223372036854775808", "1e309", "NaN", "-0.0",
      "\uD83D\uDE00", "\u202Eevil", "\uFEFF", "a".repeat(5000), "é".repeat(2000), "\\", "/", "//", "?", "#", "&",
      "=", ";", ",", "*", "tenant-b", "admin", "tributary.admin", "\uD800", "\r\n");

  private static final List<String> FIELDS = List.of(
      "id", "text", "title", "source", "content_type", "metadata", "chunking", "content_base64", "tenant",
      "submitted_at", "q", "query", "top_k", "filters", "user", "conversation_id", "message_id", "from",
      "dry_run", "cursor", "limit", "__proto__", "", "text\u0000");

  private static EmbeddedKafka kafka;
  private static EmbeddedPostgres postgres;
  private static EdgeFixture fixture;
  private static TestIssuer issuer;
  private static Admin admin;
  private static IntentSubmitter intentSubmitter;
  private static LagCollector lag;
  private static RawHttp trusted;
  private static RawHttp bearer;
  private static String validToken;

  @BeforeContainer
  static void start() {
    kafka = EmbeddedKafka.startTemporary();
    postgres = EmbeddedPostgres.startTemporary(PostgresOptions.defaults().forTests());
    String jdbcUrl = postgres.createDatabase("fuzz_http");
    fixture = new EdgeFixture(kafka.bootstrapServers(), jdbcUrl);
    issuer = new TestIssuer();
    admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    intentSubmitter = IntentSubmitter.connect(KafkaClients.plaintext(kafka.bootstrapServers()), "fuzz-intents");
    CallerTenant tenants = new CallerTenant();
    AgentRoutes routes = new AgentRoutes(fixture.database().jdbi());
    lag = new LagCollector(new KafkaLagSource(admin, Set.of(), new ProjectionPositions(fixture.database().jdbi()),
        new OldestRecordProbe(KafkaClients.plaintext(kafka.bootstrapServers()), "fuzz-lag", Duration.ofSeconds(5)), Duration.ofSeconds(10)),
        new LagSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10), 100, 10,
            Duration.ofSeconds(10)), new SimpleMeterRegistry(), Clock.systemUTC());
    EdgeApi.EdgeServices services = fixture.services()
        // No rebuildable projection: a generated replay request can never start a real replay.
        .withProjections(new ProjectionsService(new ProjectionStatusReader(fixture.database().jdbi(), admin, List.of(), List.of()),
            ReplayLauncher.of(List.of(), name -> null), new JsonBodies(64 * 1024)))
        .withIntents(new IntentsApi(new IntentsService(intentSubmitter, routes, tenants, new JsonBodies(64 * 1024),
            Clock.systemUTC(), Duration.ofSeconds(15)), new ConversationsService(routes, tenants)))
        .withLag(lag);
    trusted = new RawHttp(EdgeApi.start("127.0.0.1", 0, services, EdgePolicy.trustedNetwork("fuzz")).port());
    // Keys fetched before the first try and refetched at most every 5 minutes: generated key ids
    // must meet the API's checks, not a slow start of the issuer on a loaded machine.
    // The issuer's first answers can take seconds on a loaded machine: wait for it with a cache
    // that may refetch at will, then load the one the API uses.
    IssuerKeys warmUp = new IssuerKeys(EdgeFixture.oidc(issuer.issuer()));
    await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> warmUp.load() > 0);
    OidcSettings oidc = EdgeFixture.oidc(issuer.issuer(), Duration.ofMinutes(5), Duration.ofMinutes(10));
    IssuerKeys keys = new IssuerKeys(oidc);
    keys.load();
    bearer = new RawHttp(EdgeApi.start("127.0.0.1", 0, services, new EdgePolicy(
        new BearerTokens(new TokenVerifier(oidc, keys, Clock.systemUTC())), CorsPolicy.parse("https://app.example"),
        0, 0)).port());
    validToken = issuer.token("fuzzer", "fuzz", "tributary.read", "tributary.write", "tributary.admin");
  }

  @AfterContainer
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {fixture, lag, intentSubmitter, admin, issuer, postgres, kafka}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          // best effort: the next container starts its own services
        }
      }
    }
  }

  @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
  void hostileBodiesGetTheEnvelope(@ForAll("routes") String route, @ForAll("segments") String segment,
      @ForAll("bodies") byte[] body, @ForAll("contentTypes") String contentType) {
    String[] methodAndPath = route.split(" ", 2);
    String method = methodAndPath[0].equals("GET") && body.length > 0 ? "POST" : methodAndPath[0];
    String head = method + " " + methodAndPath[1].replace("{x}", segment) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Connection: close\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n";

    assertWellBehaved(method, trusted.exchange(latin1(head), body));
  }

  @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
  void hostilePathsAndQueriesGetTheEnvelope(@ForAll("routes") String route, @ForAll("rawSegments") byte[] segment,
      @ForAll("queries") byte[] query, @ForAll("methods") String method) {
    String[] methodAndPath = route.split(" ", 2);
    String[] around = methodAndPath[1].contains("{x}") ? methodAndPath[1].split("\\{x}", -1)
        : new String[] {methodAndPath[1] + "/", ""};
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.writeBytes(latin1(method + " " + around[0]));
    head.writeBytes(segment);
    head.writeBytes(latin1(around[1]));
    if (query.length > 0) {
      head.writeBytes(latin1("?"));
      head.writeBytes(query);
    }
    head.writeBytes(latin1(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n"));

    assertWellBehaved(method, trusted.exchange(head.toByteArray(), new byte[0]));
  }

  @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
  void hostileHeadersGetTheEnvelope(@ForAll("routes") String route, @ForAll("headerLists") List<String> headers) {
    String[] methodAndPath = route.split(" ", 2);
    StringBuilder head = new StringBuilder(methodAndPath[0] + " " + methodAndPath[1].replace("{x}", "doc-1")
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 2\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }

    assertWellBehaved(methodAndPath[0], bearer.exchange(head.toString().getBytes(StandardCharsets.UTF_8),
        latin1("{}")));
  }

  private static void assertWellBehaved(String method, RawHttp.Response response) {
    String context = response.status() + " " + RawHttp.preview(response.body());
    assertThat(response.status()).as(context).isBetween(100, 499);
    assertThat(STACK_TRACE.matcher(response.body()).find()).as("stack trace in " + context).isFalse();
    if (response.status() >= 400 && !method.equals("HEAD")) {
      JsonNode envelope;
      try {
        envelope = Json.mapper().readTree(response.body());
      } catch (Exception e) {
        throw new AssertionError("error answer is not the JSON envelope: " + context, e);
      }
      assertThat(envelope.path("status").asInt()).as(context).isEqualTo(response.status());
      assertThat(envelope.path("code").asText()).as(context).isNotBlank();
      assertThat(envelope.path("message").isTextual()).as(context).isTrue();
      assertThat(envelope.path("request_id").asText()).as(context).isNotBlank();
    }
  }

  private static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Provide
  Arbitrary<String> routes() {
    return Arbitraries.of(ROUTES);
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.oneOf(Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"),
        Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(12));
  }

  private static Arbitrary<String> hostileText() {
    return Arbitraries.oneOf(
        Arbitraries.of(NASTY),
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().ascii().ofMaxLength(40),
        Arbitraries.strings().alpha().numeric().withChars("-_.:").ofMinLength(1).ofMaxLength(300));
  }

  /** Path segments a client might send, percent-encoded as a careful client would. */
  @Provide
  Arbitrary<String> segments() {
    return hostileText().map(text -> java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  /** Path segments as raw bytes: percent-encoded, half-encoded, or raw UTF-8 and control bytes. */
  @Provide
  Arbitrary<byte[]> rawSegments() {
    return Arbitraries.oneOf(
        segments().map(StandardCharsets.US_ASCII::encode).map(RawBytes::of),
        hostileText().map(text -> text.replace(" ", "").getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(30).map(RawBytes::withoutSpacesAndLineBreaks));
  }

  @Provide
  Arbitrary<byte[]> queries() {
    Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("q", "top_k", "limit", "cursor", "agent", "minutes",
        "group", "tenant", "source", "metadata.team", "filter[tenant]", "q[]"), hostileText());
    Arbitrary<String> pair = Combinators.combine(name, hostileText())
        .as((n, v) -> encode(n) + (v.isEmpty() ? "" : "=" + encode(v)));
    return Arbitraries.oneOf(
        pair.list().ofMaxSize(6).map(pairs -> String.join("&", pairs).getBytes(StandardCharsets.US_ASCII)),
        rawSegments());
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("application/json", "application/json; charset=utf-8", "application/json; charset=latin1",
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "*/*",
        "application/json\u0001", "APPLICATION/JSON", "application/jsonx");
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.oneOf(
        jsonObjects().map(node -> node.getBytes(StandardCharsets.UTF_8)),
        hostileText().map(text -> text.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
        Arbitraries.integers().between(1, 3000).map(depth -> ("[".repeat(depth) + "]".repeat(depth)).getBytes(
            StandardCharsets.US_ASCII)),
        Arbitraries.of("{\"text\":\"a\",\"text\":\"b\"}", "{\"text\":", "{\"text\":\"x\"}garbage", "\uFEFF{}",
            "{\"text\":\"\\ud800\"}", "{\"metadata\":{\"a\":{\"b\":{\"c\":1}}}}", "{\"top_k\":1e999}",
            "{\"text\":\"ok\",\"id\":\"" + "x".repeat(300) + "\"}")
            .map(text -> text.getBytes(StandardCharsets.UTF_8)));
  }

  /** JSON objects with the routes' own field names holding values of every type. */
  private static Arbitrary<String> jsonObjects() {
    Arbitrary<Object> scalar = Arbitraries.oneOf(hostileText().map(Object.class::cast),
        Arbitraries.integers().map(Object.class::cast), Arbitraries.doubles().map(Object.class::cast),
        Arbitraries.of(true, false).map(Object.class::cast), Arbitraries.just(null));
    Arbitrary<Object> value = Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(3).map(Object.class::cast),
        Arbitraries.maps(Arbitraries.of(FIELDS), scalar).ofMaxSize(3).map(Object.class::cast));
    return Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(FIELDS), hostileText()), value).ofMaxSize(6)
        .map(map -> {
          try {
            return Json.mapper().writeValueAsString(map);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Provide
  Arbitrary<List<String>> headerLists() {
    Arbitrary<String> name = Arbitraries.oneOf(
        Arbitraries.of("Authorization", "Content-Type", "Accept", "X-Request-ID", "traceparent", "tracestate",
            "Idempotency-Key", "Origin", "Access-Control-Request-Method", "Cookie", "X-Forwarded-For",
            "Content-Encoding", "Accept-Encoding", "Range", "If-None-Match", "Expect"),
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20).filter(n -> !n.contains(":")));
    Arbitrary<String> value = Arbitraries.oneOf(hostileText(),
        Arbitraries.of("Bearer " + "placeholder", "Bearer", "Basic YTpi", "bearer  x.y.z", "Bearer a.b.c.d.e",
            "00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01", "00-zz-zz-zz", "gzip", "bytes=0-1", "100-continue",
            "https://evil.example", "null"),
        Arbitraries.just("VALID_TOKEN"));
    return Combinators.combine(name, value).as((n, v) -> {
      String resolved = v.equals("VALID_TOKEN") ? "Bearer " + validToken : v;
      // CR and LF would end the header early and change the framing itself, not the header.
      return n + ": " + resolved.replace("\r", "").replace("\n", "");
    }).list().ofMaxSize(6);
  }

  /** Byte helpers for the raw generators. */
  private static final class RawBytes {
    private RawBytes() {}

    static byte[] of(java.nio.ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    }

    static byte[] withoutSpacesAndLineBreaks(byte[] bytes) {
      // A space ends the request target and CR/LF end the request line: keep every other byte.
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte b : bytes) {
        if (b != ' ' && b != '\r' && b != '\n') {
          out.write(b);
        }
      }
      return out.toByteArray();
    }
  }
}
