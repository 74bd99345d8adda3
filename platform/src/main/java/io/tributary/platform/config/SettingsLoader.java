package io.tributary.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.schemas.kafka.KafkaClientProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** Loads {@link Settings}: the defaults file, then every environment variable it names. */
public final class SettingsLoader {

  private static final String DEFAULTS = "/application.yaml";

  private SettingsLoader() {}

  /** Settings from the process environment. */
  public static Settings fromEnvironment() {
    return load(System.getenv());
  }

  /**
   * Settings from {@code environment} over the defaults; only names the defaults declare are read,
   * and the Kafka client properties {@code TRIBUTARY_KAFKA_<PROPERTY>} (any property of the client).
   */
  public static Settings load(Map<String, String> environment) {
    Map<String, String> values = defaults();
    for (String name : values.keySet()) {
      String fromEnv = environment.get(name);
      if (fromEnv != null) {
        values.put(name, fromEnv);
      }
    }
    environment.forEach((name, value) -> {
      if (name.startsWith(KafkaClientProperties.PREFIX)) {
        values.put(name, value);
      }
    });
    return new Settings(values);
  }

  private static Map<String, String> defaults() {
    try (InputStream in = SettingsLoader.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      Map<String, String> values = new TreeMap<>();
      root.properties().forEach(e -> values.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULTS, e);
    }
  }
}
