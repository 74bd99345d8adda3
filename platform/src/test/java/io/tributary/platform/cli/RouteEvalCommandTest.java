package io.tributary.platform.cli;

import io.tributary.platform.cli.sources.LabelledFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.Tributary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RouteEvalCommandTest {

  @Test
  void shouldEvaluateTheShippedTestHalfAboveTheAccuracyTheReadmeReports() {
    CommandLine cli = Tributary.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("route-eval", LabelledFiles.SAMPLE_TEST, "--tune", LabelledFiles.SAMPLE_TUNE);

    String report = out.toString();
    assertThat(exit).isZero();
    assertThat(report).contains("215 utterances", "default-route rate", "confusion (rows: labelled, columns: routed)",
        "suggested per-agent thresholds");
    Matcher accuracy = Pattern.compile("accuracy\\s+(0\\.\\d+)").matcher(report);
    assertThat(accuracy.find()).isTrue();
    // docs/routing.md reports 0.856 on the test half; a regression in scoring or data shows up here.
    assertThat(Double.parseDouble(accuracy.group(1))).isGreaterThanOrEqualTo(0.85);
    for (String agent : new String[] {"billing", "shipping", "it-support", "account", "hr", "travel", "analytics"}) {
      assertThat(report).containsPattern("(?m)^  " + agent + "\\s+0\\.\\d\\d$");
    }
  }

  @Test
  void shouldShipAtLeastFourHundredLabelledUtterancesOverSevenAgentsAndNegatives() {
    var tune = LabelledFiles.utterances(LabelledFiles.SAMPLE_TUNE);
    var test = LabelledFiles.utterances(LabelledFiles.SAMPLE_TEST);

    assertThat(tune.size() + test.size()).isGreaterThanOrEqualTo(400);
    assertThat(test.stream().map(u -> u.agent()).distinct()).hasSize(8).contains("default");
    assertThat(test.stream().map(u -> u.text())).doesNotContainAnyElementsOf(tune.stream().map(u -> u.text()).toList());
  }
}
