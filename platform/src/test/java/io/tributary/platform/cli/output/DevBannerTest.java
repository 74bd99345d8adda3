package io.tributary.platform.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DevBannerTest {

  @Test
  void shouldPrintTheTokenAndCurlLinesThatSendIt() {
    String banner = DevBanner.render("http://127.0.0.1:8080", "http://127.0.0.1:9464/metrics", "127.0.0.1:9092", "jdbc:postgresql://127.0.0.1:5433/tributary?user=tributary", "dev", 8, Duration.ofSeconds(3),
        Path.of("/tmp/t"), "q", "header.payload.signature");

    assertThat(banner).contains("export TRIBUTARY_TOKEN='header.payload.signature'");
    assertThat(banner.lines().filter(l -> l.contains("curl") && l.contains("/api/v1/")))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("Authorization: Bearer $TRIBUTARY_TOKEN"));
    assertThat(banner).contains("curl -s http://127.0.0.1:9464/metrics").doesNotContain(":8080/metrics");
  }

  @Test
  void shouldPrintTheDatabaseUrlThatOperatorCommandsUse() {
    String banner = DevBanner.render("http://127.0.0.1:8080", null, "127.0.0.1:9092",
        "jdbc:postgresql://127.0.0.1:5433/tributary?user=tributary", "dev", 8, Duration.ofSeconds(3),
        Path.of("/tmp/t"), "q", "t");

    assertThat(banner).contains("DATABASE_URL      jdbc:postgresql://127.0.0.1:5433/tributary?user=tributary");
    assertThat(banner).contains("./tributary lag");
  }
}
