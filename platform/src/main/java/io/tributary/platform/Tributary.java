package io.tributary.platform;

import io.tributary.platform.cli.ApiCommand;
import io.tributary.platform.cli.EvalCommand;
import io.tributary.platform.cli.IngestCommand;
import io.tributary.platform.cli.LagCommand;
import io.tributary.platform.cli.MigrateCommand;
import io.tributary.platform.cli.ProjectCommand;
import io.tributary.platform.cli.ProjectionsCommand;
import io.tributary.platform.cli.ReplayCommand;
import io.tributary.platform.cli.RollCommand;
import io.tributary.platform.cli.RouteEvalCommand;
import io.tributary.platform.cli.RouteLabelCommand;
import io.tributary.platform.cli.RoutePublishCommand;
import io.tributary.platform.cli.RouteShadowCommand;
import io.tributary.platform.cli.StreamsCommand;
import io.tributary.schemas.kafka.KafkaSettingsException;
import io.tributary.schemas.topics.TopicProvisioningException;
import io.tributary.platform.cli.TopicsCommand;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.logging.LogFormat;
import io.tributary.schemas.kafka.KafkaAccessException;
import io.tributary.schemas.kafka.KafkaClients;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The production runnable of Tributary: {@code tributary api|streams|project|ingest|lag|...}. Dev mode
 * and the benchmarks extend this command line from their own modules, outside the production jar.
 */
@Command(
    name = "tributary",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "tributary 0.1.0",
    description = "Streaming data platform for retrieval and agent workloads on the Kafka protocol.",
    subcommands = {
      ApiCommand.class, StreamsCommand.class, ProjectCommand.class, IngestCommand.class,
      ReplayCommand.class, RollCommand.class, ProjectionsCommand.class, TopicsCommand.class, LagCommand.class,
      RouteEvalCommand.class, RouteShadowCommand.class, RoutePublishCommand.class, RouteLabelCommand.class,
      EvalCommand.class, MigrateCommand.class
    })
public final class Tributary implements Runnable {

  private static final Set<String> DEVELOPMENT_ONLY = Set.of("dev", "bench");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    launch(args, Tributary::commandLine);
  }

  /** Runs {@code args} on the command line {@code commandLine} builds, once logging is set up, and exits. */
  public static void launch(String[] args, Supplier<CommandLine> commandLine) {
    try {
      // Before anything logs: logback reads the choice when it starts.
      LogFormat.select(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("tributary: " + e.getMessage());
      System.exit(2);
    }
    // Helidon logs through java.util.logging; route it into the same log as everything else.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine.get().execute(args));
  }

  /** The command line with Tributary's error handling; tests run commands through it too. */
  public static CommandLine commandLine() {
    return commandLine(e -> false);
  }

  /**
   * The command line with Tributary's error handling, where {@code alsoUserErrors} names the
   * failures of an extending module (such as a missing local binary) that are the user's to fix.
   */
  public static CommandLine commandLine(Predicate<Exception> alsoUserErrors) {
    CommandLine commandLine = new CommandLine(new Tributary());
    CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
    commandLine.setParameterExceptionHandler((e, args) -> {
      // The production image leaves dev mode and the benchmarks out; say where they are.
      if (args.length > 0 && DEVELOPMENT_ONLY.contains(args[0]) && !commandLine.getSubcommands().containsKey(args[0])) {
        e.getCommandLine().getErr().println("tributary: '" + args[0] + "' is part of the development build, not this"
            + " production jar: run ./tributary " + args[0] + " from a source checkout (docs/testing.md).");
        return 2;
      }
      return usage.handleParseException(e, args);
    });
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          // A refused login or TLS handshake is one line naming listener and mechanism, never a trace.
          Optional<KafkaAccessException> refused = kafkaAccess(e);
          if (refused.isPresent()) {
            cmd.getErr().println("tributary: " + refused.get().getMessage());
            return 3;
          }
          // Settings, files and names are the user's to fix: say what, not where.
          // Everything else is a bug and keeps its stack trace.
          if (e instanceof UserError || e instanceof KafkaSettingsException
              || e instanceof TopicProvisioningException || alsoUserErrors.test(e)) {
            cmd.getErr().println("tributary: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return commandLine;
  }

  private static Optional<KafkaAccessException> kafkaAccess(Throwable e) {
    try {
      return KafkaAccessException.find(e, SettingsLoader.fromEnvironment().kafkaClients());
    } catch (RuntimeException settingsUnreadable) {
      return KafkaAccessException.find(e, KafkaClients.plaintext("(unknown)"));
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
