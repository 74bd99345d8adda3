package io.tributary.edge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.tributary.edge.testing.EdgeFixture;
import io.tributary.edge.testing.TestIssuer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The JWKS cache against a real in-process issuer, on a clock the test moves: expiry, max-age, outages. */
@Tag("integration")
class IssuerKeysTest {

  private static final String JWKS = "/" + TestIssuer.ISSUER_ID + "/jwks";
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration TTL = Duration.ofSeconds(60);

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private TestIssuer issuer;
  private IssuerKeys keys;

  @BeforeEach
  void start() {
    issuer = new TestIssuer();
    keys = new IssuerKeys(EdgeFixture.oidc(issuer.issuer(), INTERVAL, TTL), nanos::get);
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  private List<String> keyFetches() {
    return issuer.requestedPaths().stream().filter(JWKS::equals).toList();
  }

  @Test
  void shouldKeepTheKeySetForTheConfiguredTtlWhenTheIssuerSendsNoMaxAge() {
    keys.load();
    keyFetches();

    advance(TTL.minusSeconds(1));
    keys.load();
    assertThat(keyFetches()).isEmpty();

    advance(Duration.ofSeconds(2));
    keys.load();
    assertThat(keyFetches()).containsExactly(JWKS);
  }

  @Test
  void shouldRefetchWhenTheIssuersShorterMaxAgeRunsOut() {
    issuer.keysCacheControl("public, max-age=20");
    keys.load();
    keyFetches();

    advance(Duration.ofSeconds(19));
    keys.load();
    assertThat(keyFetches()).isEmpty();

    advance(Duration.ofSeconds(2));
    keys.load();
    assertThat(keyFetches()).containsExactly(JWKS);
  }

  @Test
  void shouldCapALongerMaxAgeAtTheTtl() {
    issuer.keysCacheControl("max-age=86400");
    keys.load();
    keyFetches();

    advance(TTL.plusSeconds(1));
    keys.load();

    assertThat(keyFetches()).containsExactly(JWKS);
  }

  @Test
  void shouldKeepANoStoreKeySetForTheRefetchIntervalOnly() {
    issuer.keysCacheControl("no-store");
    keys.load();
    keyFetches();

    advance(INTERVAL.minusSeconds(1));
    keys.load();
    assertThat(keyFetches()).isEmpty();

    advance(Duration.ofSeconds(2));
    keys.load();
    assertThat(keyFetches()).containsExactly(JWKS);
  }

  @Test
  void shouldStopAcceptingAKeyTheIssuerWithdrewOnceTheSetExpires() {
    RSAKey extra = TestIssuer.newKey("withdrawn");
    List<JWK> both = new ArrayList<>(issuer.publicKeys().getKeys());
    both.add(extra.toPublicJWK());
    issuer.publish(new JWKSet(both));
    assertThat(keys.key("withdrawn")).isPresent();

    issuer.publish(issuer.publicKeys());
    advance(TTL.plusSeconds(1));

    assertThat(keys.key("withdrawn")).isEmpty();
    assertThat(keys.key(TestIssuer.ISSUER_ID)).isPresent();
  }

  @Test
  void shouldNeverUseExpiredKeysWhileTheIssuerIsDown() {
    assertThat(keys.key(TestIssuer.ISSUER_ID)).isPresent();
    issuer.keysFailing(true);

    advance(TTL.plusSeconds(1));

    assertThatThrownBy(() -> keys.key(TestIssuer.ISSUER_ID)).isInstanceOf(IssuerUnavailableException.class);
  }

  @Test
  void shouldAskADownIssuerAtMostOncePerRefetchInterval() {
    keys.load();
    issuer.keysFailing(true);
    advance(TTL.plusSeconds(1));
    keyFetches();

    for (int i = 0; i < 50; i++) {
      String randomKeyId = "random-" + i;
      assertThatThrownBy(() -> keys.key(TestIssuer.ISSUER_ID)).isInstanceOf(IssuerUnavailableException.class);
      assertThatThrownBy(() -> keys.key(randomKeyId)).isInstanceOf(IssuerUnavailableException.class);
    }
    assertThat(keyFetches()).containsExactly(JWKS);

    advance(INTERVAL.plusSeconds(1));
    assertThatThrownBy(keys::load).isInstanceOf(IssuerUnavailableException.class);
    assertThat(keyFetches()).containsExactly(JWKS);
  }

  @Test
  void shouldAskAnIssuerThatIsDownAtStartAtMostOncePerRefetchInterval() {
    issuer.keysFailing(true);

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(keys::load).isInstanceOf(IssuerUnavailableException.class);
    }

    assertThat(keyFetches()).containsExactly(JWKS);
  }

  @Test
  void shouldServeKeysAgainOnceTheIssuerRecovers() {
    issuer.keysFailing(true);
    assertThatThrownBy(keys::load).isInstanceOf(IssuerUnavailableException.class);

    issuer.keysFailing(false);
    advance(INTERVAL.plusSeconds(1));

    assertThat(keys.key(TestIssuer.ISSUER_ID)).isPresent();
  }

  @Test
  void shouldNotRefetchForUnknownKeyIdsMoreThanOncePerInterval() {
    keys.load();
    keyFetches();
    advance(INTERVAL.plusSeconds(1));

    for (int i = 0; i < 20; i++) {
      assertThat(keys.key("unknown-" + i)).isEmpty();
    }

    assertThat(keyFetches()).containsExactly(JWKS);
  }
}
