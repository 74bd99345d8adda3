package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookLinksTest {

  @TempDir Path runbooks;

  @Test
  void shouldSlugHeadingsLikeGitHub() {
    assertThat(RunbookLinks.slug("TributaryLagSecondsHigh")).isEqualTo("tributarylagsecondshigh");
    assertThat(RunbookLinks.slug("Redis: what it holds (and why)")).isEqualTo("redis-what-it-holds-and-why");
  }

  @Test
  void shouldIgnoreHeadingsInCodeFences() {
    assertThat(RunbookLinks.anchors(List.of("# Title", "```", "# not a heading", "```", "## Next step")))
        .containsExactlyInAnyOrder("title", "next-step");
  }

  @Test
  void shouldAcceptALinkToAnExistingHeading() throws IOException {
    Files.writeString(runbooks.resolve("lag-alert.md"), "# Lag\n\n## TributaryConsumerStalled\n");
    RunbookLinks links = new RunbookLinks(runbooks);

    assertThat(links.problem("infra/runbooks/lag-alert.md#tributaryconsumerstalled")).isEmpty();
    assertThat(links.problem("https://git.example.com/tributary/blob/main/infra/runbooks/lag-alert.md")).isEmpty();
  }

  @Test
  void shouldReportAMissingFileAMissingAnchorAndALinkElsewhere() throws IOException {
    Files.writeString(runbooks.resolve("lag-alert.md"), "# Lag\n");
    RunbookLinks links = new RunbookLinks(runbooks);

    assertThat(links.problem("infra/runbooks/lag.md")).contains("'infra/runbooks/lag.md': no runbook lag.md");
    assertThat(links.problem("infra/runbooks/lag-alert.md#stall"))
        .contains("'infra/runbooks/lag-alert.md#stall': lag-alert.md has no heading with anchor #stall");
    assertThat(links.problem("https://wiki.example.com/lag"))
        .contains("'https://wiki.example.com/lag' is not a link into infra/runbooks/<file>.md");
  }
}
