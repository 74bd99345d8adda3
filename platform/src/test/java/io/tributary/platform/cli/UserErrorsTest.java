package io.tributary.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.Tributary;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UserErrorsTest {

  @Test
  void shouldPrintAUsersMistakeAsOneLineAndExitTwo() {
    StringWriter err = new StringWriter();
    CommandLine cli = Tributary.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute("route-eval", "/no/such/labelled.jsonl");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("tributary: /no/such/labelled.jsonl: no such file");
  }

  @Test
  void shouldPrintHelpForEveryCommand() {
    for (String command : Tributary.commandLine().getSubcommands().keySet()) {
      StringWriter out = new StringWriter();
      CommandLine cli = Tributary.commandLine();
      cli.setOut(new PrintWriter(out, true));

      int exit = cli.execute(command, "--help");

      assertThat(exit).as(command).isZero();
      assertThat(out.toString()).as(command).contains("Usage: tributary " + command);
    }
  }
}
