package io.tributary.platform.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesManifestsTest {

  /** The Secrets docs/deploy.md tells operators to create before the first prod apply. */
  private static final Set<String> PROD_SECRETS =
      Set.of("tributary-kafka", "tributary-database", "tributary-redis", "tributary-oidc");

  private static final Path K8S = repoRoot().resolve("infra/k8s");

  private final KubernetesSchemas schemas = new KubernetesSchemas();

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void shouldRenderEveryObjectOfTheOverlayValidAgainstTheKubernetesSchema(String overlay) {
    List<ObjectNode> objects = Kustomize.build(K8S.resolve("overlays/" + overlay));

    assertThat(objects).hasSizeGreaterThan(10);
    assertThat(objects.stream().flatMap(o -> schemas.problems(o).stream())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void shouldHardenEveryContainerAndResolveEveryReference(String overlay) {
    List<ObjectNode> objects = Kustomize.build(K8S.resolve("overlays/" + overlay));

    Set<String> external = overlay.equals("prod") ? PROD_SECRETS : Set.of();
    assertThat(new WorkloadPolicy(external).problems(objects)).isEmpty();
  }

  @Test
  void shouldRunEveryRoleWithASetupJobThatMigratesAndCreatesTopics() {
    List<ObjectNode> objects = Kustomize.build(K8S.resolve("overlays/prod"));

    assertThat(objects).extracting(o -> o.path("kind").asText() + "/" + Kustomize.name(o)).contains(
        "Deployment/tributary-api", "Service/tributary-api", "HorizontalPodAutoscaler/tributary-api",
        "PodDisruptionBudget/tributary-api", "StatefulSet/tributary-streams", "Deployment/tributary-project",
        "Job/tributary-setup", "ConfigMap/tributary-settings", "NetworkPolicy/tributary-default-deny");
    ObjectNode job = find(objects, "Job", "tributary-setup");
    assertThat(job.at("/spec/template/spec/initContainers/0/args").toString()).isEqualTo("[\"migrate\"]");
    assertThat(job.at("/spec/template/spec/containers/0/args").toString()).isEqualTo("[\"topics\",\"--apply\"]");
    assertThat(find(objects, "StatefulSet", "tributary-streams").at("/spec/volumeClaimTemplates/0/metadata/name")
        .asText()).isEqualTo("state");
  }

  @Test
  void shouldApplyTheProdOverlayOnTopOfTheBase() {
    List<ObjectNode> objects = Kustomize.build(K8S.resolve("overlays/prod"));

    ObjectNode api = find(objects, "Deployment", "tributary-api");
    assertThat(api.at("/metadata/namespace").asText()).isEqualTo("tributary");
    assertThat(api.at("/metadata/labels/app.kubernetes.io~1part-of").asText()).isEqualTo("tributary");
    assertThat(api.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(api.at("/spec/template/spec/containers/0/image").asText())
        .isEqualTo("registry.example.com/tributary:0.1.0");
    assertThat(api.at("/spec/template/spec/topologySpreadConstraints")).hasSize(2);
    ObjectNode budget = find(objects, "PodDisruptionBudget", "tributary-api");
    assertThat(budget.at("/spec/minAvailable").asInt()).isEqualTo(2);
    assertThat(budget.at("/spec").has("maxUnavailable")).isFalse();
    JsonNode streams = find(objects, "StatefulSet", "tributary-streams").at("/spec/template/spec/containers/0");
    assertThat(streams.at("/resources/limits/cpu").asText()).isEqualTo("4");
    assertThat(streams.at("/volumeMounts")).hasSize(3);
  }

  @Test
  void shouldFailOnAMisspelledFieldInAManifest(@TempDir Path copy) {
    copyTree(K8S, copy);
    replace(copy.resolve("base/api.yaml"), "          readinessProbe:", "          readynessProbe:");

    List<String> problems = Kustomize.build(copy.resolve("overlays/prod")).stream()
        .flatMap(o -> schemas.problems(o).stream()).toList();

    assertThat(problems).containsExactly(
        "apps/v1/Deployment tributary-api: unknown field 'spec.template.spec.containers[0].readynessProbe'");
  }

  @Test
  void shouldFailOnAFieldOfTheWrongType(@TempDir Path copy) {
    copyTree(K8S, copy);
    replace(copy.resolve("base/streams.yaml"), "terminationGracePeriodSeconds: 60",
        "terminationGracePeriodSeconds: \"60\"");

    List<String> problems = Kustomize.build(copy.resolve("overlays/dev")).stream()
        .flatMap(o -> schemas.problems(o).stream()).toList();

    assertThat(problems).singleElement().asString().startsWith("apps/v1/StatefulSet tributary-streams:");
  }

  @Test
  void shouldFailOnAnUnknownKind(@TempDir Path copy) throws IOException {
    copyTree(K8S, copy);
    Files.writeString(copy.resolve("base/networkpolicy.yaml"), "\n---\napiVersion: v1\nkind: Pood\nmetadata:\n"
        + "  name: x\n", java.nio.file.StandardOpenOption.APPEND);

    List<String> problems = Kustomize.build(copy.resolve("overlays/dev")).stream()
        .flatMap(o -> schemas.problems(o).stream()).toList();

    assertThat(problems).containsExactly("v1/Pood x: no schema for this apiVersion and kind");
  }

  @Test
  void shouldFailOnAMisspelledKustomizationField(@TempDir Path copy) {
    copyTree(K8S, copy);
    replace(copy.resolve("overlays/prod/kustomization.yaml"), "replicas:", "replica:");

    assertThatThrownBy(() -> Kustomize.build(copy.resolve("overlays/prod")))
        .isInstanceOf(ManifestException.class).hasMessageContaining("field 'replica'");
  }

  @Test
  void shouldFailOnAPatchThatMatchesNothing(@TempDir Path copy) {
    copyTree(K8S, copy);
    replace(copy.resolve("overlays/prod/streams-resources.yaml"), "name: tributary-streams", "name: tributary-stream");

    assertThatThrownBy(() -> Kustomize.build(copy.resolve("overlays/prod")))
        .isInstanceOf(ManifestException.class).hasMessageContaining("matches 0");
  }

  @Test
  void shouldReportAContainerThatRunsWithAWritableRootAndNoProbe(@TempDir Path copy) {
    copyTree(K8S, copy);
    replace(copy.resolve("base/project.yaml"), "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false");
    replace(copy.resolve("base/project.yaml"), "path: /health/ready", "path: /ready");

    List<String> problems = new WorkloadPolicy(Set.of()).problems(Kustomize.build(copy.resolve("overlays/dev")));

    assertThat(problems).containsExactlyInAnyOrder(
        "Deployment tributary-project container wait-for-schema: root filesystem must be read-only",
        "Deployment tributary-project container project: root filesystem must be read-only",
        "Deployment tributary-project container project: readinessProbe must GET /health/ready");
  }

  @Test
  void shouldReportASecretThatProdDoesNotDocument() {
    List<ObjectNode> objects = Kustomize.build(K8S.resolve("overlays/prod"));

    List<String> problems = new WorkloadPolicy(Set.of("tributary-kafka", "tributary-database", "tributary-oidc"))
        .problems(objects);

    assertThat(problems).containsExactly(
        "Deployment tributary-api container api: env REDIS_URL names no Secret tributary-redis");
  }

  private static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && Kustomize.name(o).equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static void replace(Path file, String from, String to) {
    try {
      String text = Files.readString(file);
      assertThat(text).contains(from);
      Files.writeString(file, text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("infra/k8s"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no infra/k8s at or above the working directory");
  }
}
