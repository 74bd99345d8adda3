package io.tributary.edge.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.tributary.edge.http.ErrorHandling;
import io.tributary.edge.security.AccessRules;
import io.tributary.edge.security.Authentication;
import io.tributary.edge.security.Authenticator;
import io.tributary.edge.security.Caller;
import io.tributary.edge.security.Role;
import io.tributary.edge.testing.Http;
import io.tributary.schemas.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One tenant's writes cannot use up the write path: past its share it gets 429, the others go on. */
class TenantSharesTest {

  // Callers are picked by their token: "Bearer <tenant>/<subject>".
  private static final Authenticator BY_TOKEN = authorization -> {
    String[] parts = authorization.orElseThrow().substring("Bearer ".length()).split("/");
    return new Caller(parts[1], parts[0], Set.of(Role.READ, Role.WRITE));
  };

  private final CountDownLatch release = new CountDownLatch(1);
  private WebServer server;
  private TenantShares shares;

  private Http start(TenantShares guard) {
    shares = guard;
    server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
        .routing(routing -> {
          routing.addFilter(new Authentication(BY_TOKEN, new AccessRules()));
          routing.addFilter(guard);
          // A write that holds its slot until the test lets it go, like a slow broker.
          routing.post("/api/v1/documents", (request, response) -> {
            release.await(60, TimeUnit.SECONDS);
            response.status(202).send("{}");
          });
          routing.get("/api/v1/documents", (request, response) -> response.send("[]"));
          ErrorHandling.register(routing);
        })
        .build().start();
    return new Http(server.port());
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop();
    }
  }

  private static HttpRequest.Builder write(Http http, String token) {
    return http.request("/api/v1/documents").header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
  }

  @Test
  void shouldRefuseATenantOverItsShareOfWritesInFlightWhileOtherTenantsWrite() throws Exception {
    Http http = start(new TenantShares(2, Optional.empty()));
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    // given tenant a holds its two slots, through two different subjects
    held.add(CompletableFuture.supplyAsync(() -> http.send(write(http, "a/alice"))));
    held.add(CompletableFuture.supplyAsync(() -> http.send(write(http, "a/amos"))));
    await().atMost(Duration.ofSeconds(30)).until(() -> shares.inFlight("a") == 2);

    // when a third write of tenant a and a write of tenant b arrive
    HttpResponse<String> overShare = http.send(write(http, "a/anna"));
    CompletableFuture<HttpResponse<String>> other = CompletableFuture.supplyAsync(() -> http.send(write(http, "b/bob")));
    await().atMost(Duration.ofSeconds(30)).until(() -> shares.inFlight("b") == 1);

    // then a gets 429 in the envelope, b is admitted, and reads of a are not limited
    assertThat(overShare.statusCode()).isEqualTo(429);
    assertThat(overShare.headers().firstValue("Retry-After")).isPresent();
    assertThat(Json.mapper().readTree(overShare.body()).path("code").asText()).isEqualTo("TENANT_WRITE_SHARE_EXCEEDED");
    assertThat(http.get("/api/v1/documents", "a/alice").statusCode()).isEqualTo(200);
    release.countDown();
    assertThat(other.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    for (CompletableFuture<HttpResponse<String>> response : held) {
      assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> shares.inFlight("a") == 0);
  }

  @Test
  void shouldLimitTheWritesATenantStartsPerMinuteWhateverItsSubjects() {
    release.countDown();
    Http http = start(new TenantShares(0, Optional.of(new RateLimiter(3, System::nanoTime))));

    for (int i = 0; i < 3; i++) {
      assertThat(http.send(write(http, "a/subject-" + i)).statusCode()).as("write " + i).isEqualTo(202);
    }
    HttpResponse<String> fourth = http.send(write(http, "a/subject-3"));

    assertThat(fourth.statusCode()).isEqualTo(429);
    assertThat(http.send(write(http, "b/bob")).statusCode()).isEqualTo(202);
  }

  @Test
  void shouldCountLabelsAndTheirWithdrawalsAsWrites() {
    assertThat(TenantShares.isWrite(Method.POST, "/api/v1/intents/m1/label")).isTrue();
    assertThat(TenantShares.isWrite(Method.DELETE, "/api/v1/intents/m1/label")).isTrue();
    assertThat(TenantShares.isWrite(Method.GET, "/api/v1/intents/stats")).isFalse();
  }
}
