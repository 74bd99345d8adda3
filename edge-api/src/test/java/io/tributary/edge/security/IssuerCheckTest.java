package io.tributary.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.edge.testing.EdgeFixture;
import io.tributary.edge.testing.TestIssuer;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class IssuerCheckTest {

  @Test
  void shouldBeReadyOnceTheIssuersKeysAreLoaded() {
    try (TestIssuer issuer = new TestIssuer()) {
      ReadinessCheck.CheckResult result = new IssuerCheck(new IssuerKeys(EdgeFixture.oidc(issuer.issuer()))).check();

      assertThat(result.up()).isTrue();
      assertThat(result.detail()).isEqualTo("1 signing key(s)");
    }
  }

  @Test
  void shouldNotBeReadyWhileTheIssuerIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    ReadinessCheck.CheckResult result =
        new IssuerCheck(new IssuerKeys(EdgeFixture.oidc("http://127.0.0.1:" + closedPort + "/down"))).check();

    assertThat(result.up()).isFalse();
  }

  @Test
  void shouldRefuseADiscoveryDocumentThatNamesAnotherIssuer() {
    try (TestIssuer issuer = new TestIssuer()) {
      // Same host and path, but the configured name differs from what discovery says (trailing slash).
      IssuerKeys keys = new IssuerKeys(EdgeFixture.oidc(issuer.issuer() + "/"));

      assertThat(new IssuerCheck(keys).check().up()).isFalse();
    }
  }
}
