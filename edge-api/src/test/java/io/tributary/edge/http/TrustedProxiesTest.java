package io.tributary.edge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 172.30.0.250, fd00::/8");

  @Test
  void shouldIgnoreTheHeaderFromAPeerThatIsNotATrustedProxy() {
    assertThat(proxies.clientOf("203.0.113.9", Optional.of("198.51.100.1"))).isEqualTo("203.0.113.9");
  }

  @Test
  void shouldTakeTheForwardedClientFromATrustedProxy() {
    assertThat(proxies.clientOf("172.30.0.250", Optional.of("198.51.100.1"))).isEqualTo("198.51.100.1");
    assertThat(proxies.clientOf("fd00::1", Optional.of("198.51.100.1"))).isEqualTo("198.51.100.1");
  }

  @Test
  void shouldSkipTrustedHopsFromTheRightAndNeverBelieveWhatTheClientPrepended() {
    // The client wrote "1.2.3.4" itself; 198.51.100.1 is what the first trusted proxy saw.
    assertThat(proxies.clientOf("172.30.0.250", Optional.of("1.2.3.4, 198.51.100.1, 10.1.2.3")))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void shouldKeepThePeerWhenNoHeaderCame() {
    assertThat(proxies.clientOf("10.9.9.9", Optional.empty())).isEqualTo("10.9.9.9");
  }

  @Test
  void shouldTrustNobodyByDefault() {
    assertThat(TrustedProxies.parse(" ").clientOf("127.0.0.1", Optional.of("198.51.100.1"))).isEqualTo("127.0.0.1");
    assertThat(TrustedProxies.none().clientOf("127.0.0.1", Optional.of("198.51.100.1"))).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldRefuseAnEntryThatIsNotAnAddressOrBlock() {
    assertThatThrownBy(() -> TrustedProxies.parse("lb.internal")).hasMessageContaining("'lb.internal'");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("prefix out of range");
  }
}
