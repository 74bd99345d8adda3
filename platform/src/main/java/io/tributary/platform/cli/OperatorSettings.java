package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.dev.DevEndpoints;
import io.tributary.platform.dev.DevStackFile;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings for operator commands: the environment, or, when it names neither a broker nor a
 * database, the endpoints of the dev stack running under {@code TRIBUTARY_HOME}.
 */
final class OperatorSettings {

  private OperatorSettings() {}

  /** Settings from the process environment, completed from a running dev stack; says so on {@code notices}. */
  static Settings load(PrintStream notices) {
    return resolve(System.getenv(), notices);
  }

  /**
   * As {@link #load}, with the broker {@code bootstrapServers} names (a command's
   * {@code --bootstrap-servers}) on top when it is not null.
   */
  static Settings load(PrintStream notices, String bootstrapServers) {
    if (bootstrapServers == null) {
      return load(notices);
    }
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    return resolve(environment, notices);
  }

  /** As {@link #load}, from the given environment. */
  static Settings resolve(Map<String, String> environment, PrintStream notices) {
    Settings settings = SettingsLoader.load(environment);
    if (environment.containsKey("KAFKA_BOOTSTRAP_SERVERS") || environment.containsKey("DATABASE_URL")) {
      return settings;
    }
    DevStackFile file = new DevStackFile(settings.home());
    return file.running().map(dev -> {
      notices.println("tributary: KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL are not set; using the dev stack of process "
          + dev.pid() + " (" + file.path() + "): Kafka " + dev.kafkaBootstrapServers() + ", API " + dev.apiUrl());
      return settings.with(endpoints(dev));
    }).orElse(settings);
  }

  private static Map<String, String> endpoints(DevEndpoints dev) {
    return Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", dev.kafkaBootstrapServers(),
        "DATABASE_URL", dev.databaseUrl(),
        "REDIS_URL", dev.redisUrl());
  }
}
