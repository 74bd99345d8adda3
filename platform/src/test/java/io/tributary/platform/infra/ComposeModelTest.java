package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeModelTest {

  private static final ComposeModel COMPOSE = ComposeModel.of(YamlDocuments.parse("""
      x-role: &role
        build: .
        image: app:1.0
      services:
        prometheus:
          image: prom/prometheus:v3.5.0
          ports: ["9090:9090", "127.0.0.1:9091:9091/tcp"]
          expose: ["9092"]
          volumes:
            - ./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro
            - ./prometheus/rules:/etc/prometheus/rules:ro
            - ./extra:/etc/prometheus/rules/extra:ro
            - prometheus-data:/prometheus
        api:
          <<: *role
          depends_on: [prometheus]
      """));

  @Test
  void shouldReadPortsFromExposeAndTheContainerSideOfPorts() {
    assertThat(COMPOSE.services().get("prometheus").listenPorts()).containsExactlyInAnyOrder(9090, 9091, 9092);
  }

  @Test
  void shouldApplyMergeKeysAndTheShortDependsOnForm() {
    ComposeService api = COMPOSE.services().get("api");
    assertThat(api.built()).isTrue();
    assertThat(api.image()).isEqualTo("app:1.0");
    assertThat(api.dependsOn()).containsEntry("prometheus", "service_started");
  }

  @Test
  void shouldMapAContainerPathThroughTheMostSpecificBindMount() {
    ComposeService prometheus = COMPOSE.services().get("prometheus");

    assertThat(prometheus.hostPathOf("/etc/prometheus/rules/*.yml")).contains("./prometheus/rules/*.yml");
    assertThat(prometheus.hostPathOf("/etc/prometheus/rules/extra/a.yml")).contains("./extra/a.yml");
    assertThat(prometheus.hostPathOf("/etc/prometheus/prometheus.yml")).contains("./prometheus/prometheus.yml");
    assertThat(prometheus.hostPathOf("/prometheus/wal")).isEmpty();
    assertThat(prometheus.hostPathOf("/etc/prometheus/rulesets/x.yml")).isEmpty();
  }

  @Test
  void shouldListTheFilesAGlobMatches(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/b.yml"), "");
    Files.writeString(dir.resolve("rules/a.yml"), "");
    Files.writeString(dir.resolve("rules/notes.md"), "");
    InfraDirectory infra = new InfraDirectory(dir);

    assertThat(infra.filesMatching("./rules/*.yml")).containsExactly("./rules/a.yml", "./rules/b.yml");
    assertThat(infra.filesMatching("./missing/*.yml")).isEmpty();
  }
}
