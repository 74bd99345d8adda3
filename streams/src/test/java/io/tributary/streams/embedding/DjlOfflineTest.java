package io.tributary.streams.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DjlOfflineTest {

  private String optOutBefore;
  private String offlineBefore;

  @BeforeEach
  void remember() {
    optOutBefore = System.getProperty(DjlOffline.OPT_OUT_TRACKING);
    offlineBefore = System.getProperty(DjlOffline.OFFLINE);
  }

  @AfterEach
  void restore() {
    restore(DjlOffline.OPT_OUT_TRACKING, optOutBefore);
    restore(DjlOffline.OFFLINE, offlineBefore);
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }

  @Test
  void shouldTurnDjlTelemetryAndDownloadsOffWhenNothingIsSet() {
    System.clearProperty(DjlOffline.OPT_OUT_TRACKING);
    System.clearProperty(DjlOffline.OFFLINE);

    DjlOffline.ensure();

    assertThat(System.getProperty(DjlOffline.OPT_OUT_TRACKING)).isEqualTo("true");
    assertThat(System.getProperty(DjlOffline.OFFLINE)).isEqualTo("true");
  }

  @Test
  void shouldLeaveAnOperatorsExplicitChoiceAlone() {
    System.setProperty(DjlOffline.OFFLINE, "false");

    DjlOffline.ensure();

    assertThat(System.getProperty(DjlOffline.OFFLINE)).isEqualTo("false");
  }
}
