package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-servers} of the commands that talk to Kafka only: the broker to use instead of
 * {@code KAFKA_BOOTSTRAP_SERVERS} (or the running dev stack), with the client settings of the
 * environment either way.
 */
final class KafkaOption {

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka to use (default: KAFKA_BOOTSTRAP_SERVERS, else the running dev stack).")
  String bootstrapServers;

  /** The operator settings, with the Kafka the option names. */
  Settings settings() {
    return OperatorSettings.load(System.err, bootstrapServers);
  }
}
