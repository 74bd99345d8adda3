package io.tributary.platform.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.edge.health.ReadinessCheck;
import io.tributary.edge.health.ReadinessCheck.CheckResult;
import io.tributary.platform.telemetry.ManagementServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LivenessTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldStayAliveWhileAProjectorFailsForLessThanTheStallLimit() {
    MutableClock clock = new MutableClock();
    AtomicBoolean progressing = new AtomicBoolean(false);
    StallCheck check = new StallCheck(condition(progressing), Duration.ofMinutes(2), clock);

    assertThat(check.check().up()).isTrue();
    clock.advance(Duration.ofSeconds(119));
    assertThat(check.check().up()).isTrue();
    clock.advance(Duration.ofSeconds(2));
    CheckResult stalled = check.check();

    assertThat(stalled.up()).isFalse();
    assertThat(stalled.detail()).contains("cannot proceed for 121 s").contains("batch failed");
  }

  @Test
  void shouldStartTheStallClockAgainAfterProgress() {
    MutableClock clock = new MutableClock();
    AtomicBoolean progressing = new AtomicBoolean(false);
    StallCheck check = new StallCheck(condition(progressing), Duration.ofMinutes(2), clock);
    check.check();
    clock.advance(Duration.ofSeconds(100));

    progressing.set(true);
    check.check();
    progressing.set(false);
    check.check();
    clock.advance(Duration.ofSeconds(100));

    assertThat(check.check().up()).isTrue();
  }

  @Test
  void shouldExitNonZeroOnceWhenALivenessCheckFails() {
    AtomicBoolean alive = new AtomicBoolean(true);
    AtomicInteger exits = new AtomicInteger();
    AtomicInteger status = new AtomicInteger();
    try (LivenessWatch watch = LivenessWatch.start(List.of(condition(alive)), Duration.ofMillis(20), code -> {
      exits.incrementAndGet();
      status.set(code);
    })) {
      alive.set(false);
      await().atMost(Duration.ofSeconds(30)).until(() -> exits.get() == 1);
    }
    assertThat(status.get()).isEqualTo(LivenessWatch.EXIT_CODE).isNotZero();
    assertThat(exits.get()).isEqualTo(1);
  }

  @Test
  void shouldServeLivenessAndReadinessNextToMetricsOnTheManagementPort() throws Exception {
    AtomicBoolean alive = new AtomicBoolean(true);
    AtomicBoolean ready = new AtomicBoolean(false);
    RoleHealth health = new RoleHealth(List.of(condition(ready)), List.of(condition(alive)));
    try (ManagementServer server = ManagementServer.start("127.0.0.1", 0, () -> "# metrics\n", health)) {
      String base = "http://127.0.0.1:" + server.port();

      HttpResponse<String> live = get(base + "/health/live");
      HttpResponse<String> notReady = get(base + "/health/ready");
      ready.set(true);
      alive.set(false);
      HttpResponse<String> nowReady = get(base + "/health/ready");
      HttpResponse<String> dead = get(base + "/health/live");

      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(notReady.statusCode()).isEqualTo(503);
      JsonNode body = new ObjectMapper().readTree(notReady.body());
      assertThat(body.path("status").asText()).isEqualTo("DOWN");
      assertThat(body.path("checks").path("projector-rag").path("detail").asText()).isEqualTo("batch failed");
      assertThat(nowReady.statusCode()).isEqualTo(200);
      assertThat(dead.statusCode()).isEqualTo(503);
      assertThat(get(base + "/metrics").body()).isEqualTo("# metrics\n");
      assertThat(get(base + "/health/other").statusCode()).isEqualTo(404);
    }
  }

  private static ReadinessCheck condition(AtomicBoolean up) {
    return ReadinessCheck.of("projector-rag",
        () -> up.get() ? CheckResult.up("applying") : CheckResult.down("batch failed"));
  }

  private HttpResponse<String> get(String uri) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-12-04T12:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
