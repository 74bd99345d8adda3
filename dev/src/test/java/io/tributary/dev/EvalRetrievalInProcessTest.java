package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tributary eval retrieval} in process, on a scratch Postgres of the development build. */
@Tag("integration")
class EvalRetrievalInProcessTest {

  @Test
  void shouldScoreEveryModeOnTheShippedSampleInProcess() {
    CommandLine cli = TributaryDev.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("eval", "retrieval", "--no-peers");

    String report = out.toString();
    assertThat(exit).isZero();
    assertThat(report).contains("16 questions, 8 documents", "hit@1", "MRR@10", "nDCG@10", "p50 ms");
    for (String mode : new String[] {"vector", "keyword", "hybrid"}) {
      Matcher line = Pattern.compile("(?m)^tributary " + mode + "\\s+(\\S+)\\s+(\\S+)").matcher(report);
      assertThat(line.find()).as(mode).isTrue();
      // Every sample question names one of eight documents in plain words: all modes find it in the top 5.
      assertThat(Double.parseDouble(line.group(2))).as(mode + " hit@5").isEqualTo(1.0);
    }
  }
}
