package io.tributary.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.Tributary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
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
    for (String command : commands(Tributary.commandLine(), "")) {
      StringWriter out = new StringWriter();
      CommandLine cli = Tributary.commandLine();
      cli.setOut(new PrintWriter(out, true));
      String[] args = (command + " --help").split(" ");

      int exit = cli.execute(args);

      assertThat(exit).as(command).isZero();
      assertThat(out.toString()).as(command).contains("Usage: tributary " + command);
    }
  }

  /** Every command and subcommand under {@code cli}, as typed after {@code tributary}. */
  private static List<String> commands(CommandLine cli, String prefix) {
    List<String> all = new ArrayList<>();
    cli.getSubcommands().forEach((name, sub) -> {
      all.add(prefix + name);
      all.addAll(commands(sub, prefix + name + " "));
    });
    return all;
  }
}
