package io.tributary.schemas.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resolves the Kafka client properties of a process from its environment, lowest precedence first:
 * the standard client {@code .properties} file named by {@value #FILE_VARIABLE} (the file Kafka's
 * own CLI tools take), then {@code TRIBUTARY_KAFKA_<PROPERTY>} variables (upper case, dots as
 * underscores), then {@value #BOOTSTRAP_VARIABLE} for {@code bootstrap.servers}.
 */
public final class KafkaClientProperties {

  /** Names a standard Java client properties file. */
  public static final String FILE_VARIABLE = "TRIBUTARY_KAFKA_PROPERTIES_FILE";

  /** The front-door variable for the bootstrap servers; wins over every other source. */
  public static final String BOOTSTRAP_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";

  /** Prefix of variables that carry one client property each. */
  public static final String PREFIX = "TRIBUTARY_KAFKA_";

  /** Tributary's own settings under {@link #PREFIX}: they are not client properties. */
  static final Set<String> OWN_SETTINGS = Set.of(FILE_VARIABLE, "TRIBUTARY_KAFKA_TIMEOUT_MS");

  private KafkaClientProperties() {}

  /** The resolved client properties (possibly without {@code bootstrap.servers}). */
  public static Map<String, String> resolve(Map<String, String> environment) {
    Map<String, String> properties = new TreeMap<>();
    String file = environment.get(FILE_VARIABLE);
    if (file != null && !file.isBlank()) {
      properties.putAll(readFile(Path.of(file.strip())));
    }
    environment.forEach((name, value) -> {
      if (name.startsWith(PREFIX) && !OWN_SETTINGS.contains(name) && value != null && !value.isBlank()) {
        properties.put(propertyName(name), value.strip());
      }
    });
    String bootstrap = environment.get(BOOTSTRAP_VARIABLE);
    if (bootstrap != null && !bootstrap.isBlank()) {
      properties.put("bootstrap.servers", bootstrap.strip());
    }
    return properties;
  }

  /** {@code TRIBUTARY_KAFKA_SASL_MECHANISM} → {@code sasl.mechanism}. */
  static String propertyName(String variable) {
    return variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private static Map<String, String> readFile(Path file) {
    Properties loaded = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      loaded.load(in);
    } catch (NoSuchFileException e) {
      throw new KafkaSettingsException(FILE_VARIABLE + " names " + file + ", which does not exist");
    } catch (IOException e) {
      throw new KafkaSettingsException(FILE_VARIABLE + " names " + file + ", which cannot be read: " + e.getMessage());
    }
    Map<String, String> properties = new TreeMap<>();
    loaded.stringPropertyNames().forEach(name -> properties.put(name.strip(), loaded.getProperty(name).strip()));
    return properties;
  }
}
