package io.tributary.edge.ratelimit;

import static io.tributary.edge.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.testing.EdgeFixture;
import io.tributary.edge.testing.Http;
import io.tributary.edge.testing.TestIssuer;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-subject and per-address limits answer 429 with Retry-After in the one envelope. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class RateLimitsTest {

  private static TestIssuer issuer;
  private static EdgeFixture fixture;

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db) {
    issuer = new TestIssuer();
    fixture = new EdgeFixture(kafka.bootstrapServers(), db.jdbcUrl());
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

  private static void assertLimited(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    JsonNode body = json(response);
    assertThat(body.path("status").asInt()).isEqualTo(429);
    assertThat(body.path("code").asText()).isEqualTo("RATE_LIMITED");
    assertThat(body.path("request_id").asText()).isNotBlank();
  }

  @Test
  void shouldLimitEachTokenSubjectOnItsOwn() {
    Http http = new Http(fixture.start(EdgeFixture.bearer(issuer.issuer(), CorsPolicy.none(), 0, 3)).port());
    String alice = issuer.token("alice", "t", "tributary.read");
    String bob = issuer.token("bob", "t", "tributary.read");

    for (int i = 0; i < 3; i++) {
      assertThat(http.search("anything", alice).statusCode()).as("request " + i).isEqualTo(200);
    }

    assertLimited(http.search("anything", alice));
    assertThat(http.search("anything", bob).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldLimitEachClientAddressEvenWithoutAToken() {
    Http http = new Http(fixture.start(EdgeFixture.bearer(issuer.issuer(), CorsPolicy.none(), 2, 0)).port());

    assertThat(http.search("anything", null).statusCode()).isEqualTo(401);
    assertThat(http.search("anything", null).statusCode()).isEqualTo(401);

    assertLimited(http.search("anything", issuer.token("carol", "t", "tributary.read")));
  }

  @Test
  void shouldNeverLimitHealthProbes() {
    Http http = new Http(fixture.start(EdgeFixture.bearer(issuer.issuer(), CorsPolicy.none(), 1, 1)).port());

    for (int i = 0; i < 5; i++) {
      assertThat(http.get("/health/live", null).statusCode()).isEqualTo(200);
    }
  }
}
