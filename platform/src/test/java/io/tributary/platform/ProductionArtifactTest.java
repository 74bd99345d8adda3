package io.tributary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The production jar and its runtime libraries carry no embedded broker, Postgres or Redis, no dev
 * token issuer, no benchmark and no peer: those live in the dev, bench and eval modules.
 */
class ProductionArtifactTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** The modules the production jar is made of (platform and everything it depends on at run time). */
  private static final List<String> PRODUCTION_MODULES =
      List.of("schemas", "embedding", "ingestion", "streams", "projections", "monitoring", "edge-api", "platform");
  /**
   * Packages only the development build may use. LangChain4j's model artifact is production code
   * (it packages the ONNX model); its stores, splitters and classifier are the peers'.
   */
  private static final List<String> DEVELOPMENT_PACKAGES = List.of("io/tributary/embedded/", "io/tributary/dev/",
      "io/tributary/bench/", "io/tributary/eval/", "dev/langchain4j/store/", "dev/langchain4j/data/document/splitter/",
      "dev/langchain4j/classification/");

  @Test
  void shouldReferNoDevelopmentCodeFromAnyProductionClass() throws IOException {
    Path own = ROOT.resolve("platform/target/classes/io/tributary/platform/Tributary.class");
    assertThat(own).as("the platform's compiled classes").exists();
    List<String> offenders;
    try (Stream<Path> classes = PRODUCTION_MODULES.stream()
        .map(m -> ROOT.resolve(m).resolve("target/classes"))
        .filter(Files::isDirectory)
        .flatMap(ProductionArtifactTest::walk)
        .filter(f -> f.toString().endsWith(".class"))) {
      offenders = classes.filter(ProductionArtifactTest::refersToDevelopmentCode)
          .map(f -> ROOT.relativize(f).toString())
          .toList();
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void shouldDependOnTheEmbeddedModuleInTestsOnly() throws IOException {
    String pom = Files.readString(ROOT.resolve("platform/pom.xml"));
    Matcher dependency = Pattern.compile("<dependency>\\s*<groupId>io\\.tributary</groupId>\\s*"
        + "<artifactId>tributary-(embedded|dev|bench|eval)</artifactId>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
    int found = 0;
    while (dependency.find()) {
      found++;
      assertThat(dependency.group(2)).as("tributary-" + dependency.group(1)).contains("<scope>test</scope>");
    }
    assertThat(found).as("the embedded services' test extensions").isPositive();
  }

  @Test
  void shouldPointDevAndBenchToTheDevelopmentBuild() {
    for (String command : List.of("dev", "bench")) {
      StringWriter err = new StringWriter();
      CommandLine cli = Tributary.commandLine();
      cli.setErr(new PrintWriter(err, true));

      int exit = cli.execute(command);

      assertThat(exit).isEqualTo(2);
      assertThat(err.toString()).contains("'" + command + "' is part of the development build",
          "./tributary " + command);
    }
  }

  @Test
  void shouldAskForTheApiWhenNoScratchDatabaseCanBeStarted() {
    StringWriter err = new StringWriter();
    CommandLine cli = Tributary.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute("eval", "retrieval", "--no-peers");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("only the development build", "--api URL");
  }

  private static Stream<Path> walk(Path directory) {
    try {
      return Files.walk(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean refersToDevelopmentCode(Path classFile) {
    try {
      // Class names in the constant pool are UTF-8 with slashes; ISO-8859-1 keeps every byte.
      String bytes = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
      return DEVELOPMENT_PACKAGES.stream().anyMatch(bytes::contains);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
