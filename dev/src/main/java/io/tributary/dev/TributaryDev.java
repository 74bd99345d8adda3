package io.tributary.dev;

import io.tributary.embedded.MissingBinaryException;
import io.tributary.platform.Tributary;
import picocli.CommandLine;

/**
 * The development runnable: Tributary's production command line plus {@code tributary dev}, which
 * runs every role on embedded services. Built as its own jar so that the embedded broker, Postgres,
 * Redis and the dev token issuer never reach the production jar.
 */
public final class TributaryDev {

  private TributaryDev() {}

  public static void main(String[] args) {
    Tributary.launch(args, TributaryDev::commandLine);
  }

  /** {@link Tributary#commandLine()} with {@code dev}; a missing local binary is the user's to install. */
  public static CommandLine commandLine() {
    CommandLine commandLine = Tributary.commandLine(MissingBinaryException.class::isInstance);
    commandLine.addSubcommand(new DevCommand());
    return commandLine;
  }
}
