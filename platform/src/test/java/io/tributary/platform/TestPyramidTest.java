package io.tributary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code ./mvnw test} a fast unit loop: every test class that starts a broker, Postgres,
 * Redis, an OIDC issuer or a child JVM carries a tag that moves it to the integration phase.
 */
class TestPyramidTest {

  /** What starts a real service in a test (the test extensions, dev stack, issuer, child JVMs). */
  private static final Pattern STARTS_A_SERVICE = Pattern.compile(
      "Embedded(Kafka|Postgres|Redis)|TestDatabase|DevStack|EmbeddedServices|MockOAuth2Server"
          + "|TestIssuer|DevIssuer|SharedServices|TributaryDev|java\\.class\\.path");
  private static final Pattern SERVICE_TAG = Pattern.compile("@Tag\\(\"(integration|fault|browser|scale)\"\\)");

  @Test
  void shouldTagEveryServiceBackedTestOutOfTheUnitLoop() throws IOException {
    Path repository = Path.of("..").toAbsolutePath().normalize();
    List<String> untagged;
    try (Stream<Path> files = Files.walk(repository)) {
      untagged = files
          .filter(f -> f.toString().endsWith("Test.java") && f.toString().contains("/src/test/java/"))
          .filter(f -> !f.getFileName().toString().equals("TestPyramidTest.java"))
          .filter(f -> {
            String source = read(f);
            return STARTS_A_SERVICE.matcher(source).find() && !SERVICE_TAG.matcher(source).find();
          })
          .map(f -> repository.relativize(f).toString())
          .sorted()
          .toList();
    }

    assertThat(untagged).as("service-backed tests without @Tag(\"integration\")").isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
