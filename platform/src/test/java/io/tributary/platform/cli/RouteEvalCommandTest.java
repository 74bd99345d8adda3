package io.tributary.platform.cli;

import io.tributary.platform.cli.sources.LabelledFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.Tributary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
  void shouldLearnFromLabelsOnTheTuneSplitAndReportThemBesideTheExamplesOnlyRouter(@TempDir Path dir)
      throws Exception {
    // The shipped tune half, split alternately: one half plays labelled traffic, the other the tune split.
    List<String> lines = new java.util.ArrayList<>();
    for (var utterance : LabelledFiles.utterances(LabelledFiles.SAMPLE_TUNE)) {
      lines.add(io.tributary.schemas.json.Json.mapper().writeValueAsString(
          java.util.Map.of("text", utterance.text(), "agent", utterance.agent())));
    }
    Path labels = dir.resolve("labels.jsonl");
    Path tune = dir.resolve("tune.jsonl");
    Files.write(labels, java.util.stream.IntStream.range(0, lines.size()).filter(i -> i % 2 == 0)
        .mapToObj(lines::get).toList());
    Files.write(tune, java.util.stream.IntStream.range(0, lines.size()).filter(i -> i % 2 == 1)
        .mapToObj(lines::get).toList());
    CommandLine cli = Tributary.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("route-eval", LabelledFiles.SAMPLE_TEST, "--tune", tune.toString(),
        "--labels", labels.toString(), "--learn", "--brief", "--no-peers");

    String report = out.toString();
    assertThat(exit).isZero();
    assertThat(report).containsPattern("chosen on tune: k=\\d+, weight \\d\\.\\d\\d")
        .contains("labels folded into the catalogue's examples", "tributary, labels as examples");
    Matcher learned = Pattern.compile("(?m)^tributary \\+ labels \\(k=\\d+, w=\\d\\.\\d\\d\\)\\s+(0\\.\\d+|1\\.000)")
        .matcher(report);
    assertThat(learned.find()).as(report).isTrue();
    assertThat(Double.parseDouble(learned.group(1))).isBetween(0.0, 1.0);
    Matcher block = Pattern.compile("\"labels\": (\\{.*?\n\\})", Pattern.DOTALL).matcher(report);
    assertThat(block.find()).as("the catalogue block to publish").isTrue();
    var settings = io.tributary.schemas.json.Json.mapper().readTree(block.group(1));
    assertThat(settings.path("snapshot").asText()).matches("ls-[0-9a-f]{12}");
    assertThat(settings.path("neighbours").asInt()).isBetween(1, 40);
    assertThat(settings.path("thresholds").isEmpty()).isTrue();
  }

  @Test
  void shouldScoreWithTheClassifierWhenAskedAndFitThresholdsOnItsScale() {
    CommandLine cli = Tributary.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("route-eval", LabelledFiles.SAMPLE_TEST, "--tune", LabelledFiles.SAMPLE_TUNE,
        "--scoring", "classifier", "--brief", "--no-peers", "--sweep");

    String report = out.toString();
    assertThat(exit).isZero();
    assertThat(report).contains("7 agents, classifier scoring", "classifier scoring does not use the example weight")
        .doesNotContain("w=0.5");
    Matcher fitted = Pattern.compile("(?m)^tributary, thresholds fitted on tune\\s+(0\\.\\d+)").matcher(report);
    assertThat(fitted.find()).as(report).isTrue();
    // docs/quality.md: 0.860 on the test half with classifier scoring and fitted thresholds.
    assertThat(Double.parseDouble(fitted.group(1))).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void shouldRefuseAnUnknownScoring() {
    CommandLine cli = Tributary.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("route-eval", "--scoring", "knn", "--no-peers");

    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("--scoring", "similarity, classifier");
  }

  @Test
  void shouldRefuseToLearnWithoutLabels() {
    CommandLine cli = Tributary.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("route-eval", "--learn");

    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("--learn needs --labels FILE");
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
