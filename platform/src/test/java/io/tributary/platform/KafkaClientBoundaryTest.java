package io.tributary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Kafka producer, consumer, admin client and Streams app is built through {@code KafkaClients}
 * (issue 13): a client made from the bootstrap servers alone connects as a plaintext client and
 * fails on a SASL_SSL cluster. Scans the main sources of every module for client constructors and
 * hand-set bootstrap servers outside the factory.
 */
class KafkaClientBoundaryTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** A Kafka client built, or its connection set, by hand. */
  private static final Pattern BYPASS = Pattern.compile(
      "\\b(Admin|AdminClient|KafkaAdminClient)\\.create\\s*\\("
          + "|\\bnew\\s+Kafka(Producer|Consumer|ShareConsumer|Streams)\\s*[<(]"
          + "|\\bBOOTSTRAP_SERVERS_CONFIG\\b"
          + "|\"bootstrap\\.servers\"");

  /**
   * The files (or, ending in '/', folders) allowed to build clients by hand, and why. Keep it short:
   * an entry that no longer matches anything fails the test, so it is removed with the code.
   */
  private static final Map<String, String> ALLOWED = allowed();

  private static Map<String, String> allowed() {
    Map<String, String> allowed = new LinkedHashMap<>();
    // The factory itself: the one place clients are constructed.
    allowed.put("schemas/src/main/java/io/tributary/schemas/kafka/KafkaClients.java", "the factory");
    // Resolves KAFKA_BOOTSTRAP_SERVERS into the factory's bootstrap.servers property.
    allowed.put("schemas/src/main/java/io/tributary/schemas/kafka/KafkaClientProperties.java",
        "the factory's settings");
    // The one Kafka Streams wrapper: it takes the Properties each runner's streamsConfig builds, and
    // those end in settings.kafka().properties(...), the factory's connection and security.
    allowed.put("streams/src/main/java/io/tributary/streams/runtime/StreamsApp.java", "Streams lifecycle");
    // The embedded broker of the development build (kept out of the production jar by
    // ProductionArtifactTest): its admin client talks to its own PLAINTEXT listener to await start-up
    // and create topics; it never connects to a user's cluster.
    allowed.put("embedded/src/main/java/", "the development broker itself");
    return allowed;
  }

  @Test
  void shouldBuildEveryKafkaClientThroughKafkaClients() {
    List<Path> sources = mainSources();
    assertThat(sources).as("main sources of the modules under " + ROOT)
        .anyMatch(f -> f.endsWith("platform/src/main/java/io/tributary/platform/cli/RollPruneCommand.java"))
        .anyMatch(f -> f.endsWith("schemas/src/main/java/io/tributary/schemas/kafka/KafkaClients.java"));
    List<String> bypasses = new ArrayList<>();
    Set<String> entriesUsed = new TreeSet<>();
    for (Path file : sources) {
      String relative = ROOT.relativize(file).toString().replace('\\', '/');
      List<String> lines = lines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (isComment(line) || !BYPASS.matcher(line).find()) {
          continue;
        }
        String entry = ALLOWED.keySet().stream()
            .filter(allowed -> allowed.endsWith("/") ? relative.startsWith(allowed) : relative.equals(allowed))
            .findFirst().orElse(null);
        if (entry == null) {
          bypasses.add(relative + ":" + (i + 1) + ": " + line.strip());
        } else {
          entriesUsed.add(entry);
        }
      }
    }

    assertThat(bypasses).as("Kafka clients built outside KafkaClients (use settings.kafkaClients().admin(...),"
        + " .producer(...), .consumer(...) or .properties(...))").isEmpty();
    assertThat(ALLOWED.keySet()).as("allow-list entries that no longer build a client (remove them)")
        .allMatch(entriesUsed::contains);
  }

  /** Every {@code .java} file under a module's {@code src/main/java}. */
  private static List<Path> mainSources() {
    try (Stream<Path> modules = Files.list(ROOT)) {
      return modules.map(module -> module.resolve("src/main/java"))
          .filter(Files::isDirectory)
          .flatMap(KafkaClientBoundaryTest::walk)
          .filter(f -> f.toString().endsWith(".java"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Javadoc, block and line comments (a line starting with them) name the constants in prose. */
  private static boolean isComment(String line) {
    String trimmed = line.strip();
    return trimmed.startsWith("*") || trimmed.startsWith("/*") || trimmed.startsWith("//");
  }

  private static Stream<Path> walk(Path directory) {
    try {
      return Files.walk(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
