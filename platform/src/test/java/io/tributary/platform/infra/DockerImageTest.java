package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Static checks of infra/docker/Dockerfile (Docker does not run on the build machines): it builds
 * from sources in a stage of its own, ships a jlinked runtime, runs as a numeric non-root user and
 * declares a health check.
 */
class DockerImageTest {

  private final Path root = RepoRoot.find();

  @Test
  void shouldBuildInsideTheImageFromEveryModuleOfTheReactor() throws IOException {
    String dockerfile = Files.readString(root.resolve("infra/docker/Dockerfile"));
    String pom = Files.readString(root.resolve("pom.xml"));

    assertThat(dockerfile).doesNotContain("COPY platform/target");
    assertThat(dockerfile).contains("FROM eclipse-temurin:25-jdk-noble AS build", "package");
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    while (modules.find()) {
      assertThat(dockerfile).as("module " + modules.group(1))
          .contains("COPY " + modules.group(1) + "/pom.xml ", "COPY " + modules.group(1) + "/src/ ");
    }
  }

  @Test
  void shouldRunAsANumericNonRootUserWithAHealthCheck() throws IOException {
    List<String> lines = Files.readAllLines(root.resolve("infra/docker/Dockerfile"));
    int lastFrom = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("FROM ")) {
        lastFrom = i;
      }
    }
    List<String> runtime = lines.subList(lastFrom, lines.size());

    assertThat(runtime).anyMatch(line -> line.matches("USER [1-9][0-9]*:[1-9][0-9]*"));
    assertThat(runtime).anyMatch(line -> line.startsWith("HEALTHCHECK ") && line.contains("/app/bin/healthcheck"));
    assertThat(runtime).anyMatch(line -> line.startsWith("COPY --from=jre /jre"));
    assertThat(runtime).noneMatch(line -> line.contains("apt-get install"));
    assertThat(Files.isExecutable(root.resolve("infra/docker/healthcheck"))).isTrue();
  }

  @Test
  void shouldKeepBuildOutputAndSecretsOutOfTheBuildContext() throws IOException {
    List<String> ignored = Files.readAllLines(root.resolve(".dockerignore"));

    assertThat(ignored).contains("**/target/", ".git/", "infra/.env", ".tributary/");
  }
}
