package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.platform.telemetry.MetricsExposition;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static validation of the production stack in {@code infra/} (Docker does not run in the build):
 * the compose file, Prometheus config and rules, Alertmanager, the collector and Grafana
 * provisioning are parsed and cross-checked. The exported metric names come from docs/observability.md's
 * metrics table, which {@code EndToEndTest} checks against a scrape of a running stack (names,
 * types and labels, both ways): dashboards and rules can only use what the code exports.
 */
class PlatformStackTest {

  private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?");

  private static Path repo;
  private static InfraDirectory infra;
  private static ComposeModel compose;
  private static MetricCatalogue metrics;

  @BeforeAll
  static void readStack() {
    repo = RepoRoot.find();
    infra = new InfraDirectory(repo.resolve("infra"));
    compose = ComposeModel.of(YamlDocuments.read(infra.resolve("docker-compose.yml")));
    metrics = exportedMetrics();
  }

  static MetricCatalogue exportedMetrics() {
    Map<String, MetricsExposition.Documented> documented;
    try {
      documented = MetricsExposition.readmeTable(Files.readString(repo.resolve("docs/observability.md")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> series = new ArrayList<>();
    documented.forEach((name, doc) -> {
      String labels = String.join(",", doc.labels());
      // The exposition names of a family: a histogram is its buckets, count, sum and max.
      List<String> names = doc.type().equals("histogram")
          ? List.of(name + "_bucket", name + "_count", name + "_sum", name + "_max") : List.of(name);
      names.forEach(n -> series.add(n + " " + labels));
    });
    return MetricCatalogue.of(series);
  }

  @Test
  void composeRefersOnlyToWhatItDefines() {
    assertThat(new ComposeReferences(compose, infra::exists).problems()).isEmpty();
  }

  @Test
  void composeRunsTheWholeProductionStack() {
    assertThat(compose.services().keySet()).contains("redpanda-0", "redpanda-1", "redpanda-2", "console", "postgres",
        "redis", "otel-collector", "prometheus", "alertmanager", "grafana", "api", "streams", "project");
    for (String role : List.of("api", "streams", "project")) {
      ComposeService service = compose.services().get(role);
      assertThat(service.built()).as(role + " is built from the project").isTrue();
      assertThat(service.healthcheck()).as(role + " has a healthcheck").isTrue();
      assertThat(service.environment()).as(role + " exports traces to the collector")
          .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318")
          .containsKey("OTEL_SERVICE_NAME");
    }
    assertThat(compose.services().get("api").environment()).containsEntry("OTEL_SERVICE_NAME", "tributary-api");
    assertThat(compose.services().get("streams").environment()).containsEntry("OTEL_SERVICE_NAME", "tributary-streams");
    assertThat(compose.services().get("project").environment()).containsEntry("OTEL_SERVICE_NAME", "tributary-projector");
  }

  @Test
  void redpandaIsDurable() {
    for (String broker : List.of("redpanda-0", "redpanda-1", "redpanda-2")) {
      ComposeService service = compose.services().get(broker);
      assertThat(service.command()).as(broker + " runs in production mode")
          .noneMatch(arg -> arg.contains("dev-container") || arg.contains("overprovisioned")
              || arg.contains("unsafe-bypass-fsync") || arg.equals("--check=false"));
      assertThat(service.mounts()).as(broker + " keeps its data in a named volume")
          .anyMatch(m -> !m.bind() && m.target().equals("/var/lib/redpanda/data"));
    }
    JsonNode bootstrap = YamlDocuments.read(infra.resolve("redpanda/bootstrap.yaml"));
    assertThat(bootstrap.path("default_topic_replications").asInt()).isEqualTo(3);
  }

  @Test
  void noSecretIsWrittenIntoTheStack() {
    List<String> problems = new ArrayList<>();
    compose.services().values().forEach(service -> service.environment().forEach((name, value) -> {
      boolean secretName = name.matches(".*(PASSWORD|SECRET|TOKEN|API_KEY).*");
      if (secretName && !value.startsWith("${")) {
        problems.add(service.name() + " " + name + " is not taken from the environment");
      }
    }));
    assertThat(problems).isEmpty();
  }

  @Test
  void onlyTheApiAndGrafanaListenBeyondLoopback() {
    List<String> published = new ArrayList<>();
    YamlDocuments.read(infra.resolve("docker-compose.yml")).path("services").properties().forEach(service ->
        service.getValue().path("ports").forEach(port -> {
          if (!port.asText().startsWith("127.0.0.1:")) {
            published.add(service.getKey() + " " + port.asText());
          }
        }));

    assertThat(published).containsExactlyInAnyOrder("lb 8080:8080", "grafana 3000:3000");
  }

  @Test
  void everyRoleScalesWithoutSharingAPortANameOrItsState() {
    JsonNode services = YamlDocuments.read(infra.resolve("docker-compose.yml")).path("services");
    for (String role : List.of("api", "streams", "project")) {
      JsonNode service = services.path(role);
      assertThat(service.has("container_name")).as(role + " has a fixed container name").isFalse();
      assertThat(service.has("ports")).as(role + " publishes a host port").isFalse();
      assertThat(compose.services().get(role).mounts()).as(role + " shares a named volume")
          .allMatch(mount -> mount.source().isEmpty() || mount.bind());
    }
    assertThat(compose.services().get("streams").mounts()).as("streams keeps its state per replica")
        .anyMatch(mount -> mount.source().isEmpty() && mount.target().equals("/app/data"));
    String haproxy = read(infra.resolve(compose.services().get("lb").hostPathOf("/usr/local/etc/haproxy/haproxy.cfg")
        .orElseThrow()));
    assertThat(haproxy).contains("server-template api- 20 api:8080", "resolvers docker", "option forwardfor");
    assertThat(compose.services().get("api").environment()).containsEntry("TRIBUTARY_TRUSTED_PROXIES",
        YamlDocuments.read(infra.resolve("docker-compose.yml")).at("/services/lb/networks/default/ipv4_address")
            .asText() + "/32");
  }

  @Test
  void everyVariableComposeRequiresIsInTheEnvExample() {
    String composeText = read(infra.resolve("docker-compose.yml"));
    Set<String> required = new TreeSet<>();
    Matcher variable = REQUIRED_VARIABLE.matcher(composeText);
    while (variable.find()) {
      required.add(variable.group(1));
    }
    YamlDocuments.read(infra.resolve("docker-compose.yml")).path("secrets")
        .forEach(secret -> required.add(secret.path("environment").asText()));
    String example = read(infra.resolve(".env.example"));

    assertThat(required).isNotEmpty().allSatisfy(name -> assertThat(example).contains("\n" + name + "="));
  }

  @Test
  void prometheusScrapesTheRolesAndLoadsItsRules() {
    PrometheusConfig prometheus = prometheusConfig();
    JsonNode config = YamlDocuments.read(infra.resolve("prometheus/prometheus.yml"));

    assertThat(prometheus.problems(config)).isEmpty();
    assertThat(prometheus.ruleFiles(config)).isNotEmpty();
  }

  @Test
  void alertRulesUseExportedMetricsAndLinkExistingRunbooks() {
    JsonNode config = YamlDocuments.read(infra.resolve("prometheus/prometheus.yml"));
    Map<String, JsonNode> rules = ruleFiles(prometheusConfig().ruleFiles(config));
    AlertRules alertRules = new AlertRules(metrics, new RunbookLinks(infra.resolve("runbooks")));

    assertThat(alertRules.problems(rules)).isEmpty();
    Set<String> alerts = rules.values().stream().flatMap(f -> f.path("groups").valueStream())
        .flatMap(g -> g.path("rules").valueStream()).map(r -> r.path("alert").asText()).collect(Collectors.toSet());
    assertThat(alerts).contains("TributaryLagSecondsHigh", "TributaryConsumerStalled", "TributaryRetentionRisk",
        "TributaryDeadLettersGrowing");
  }

  @Test
  void alertmanagerSendsToAReceiverItDefines() {
    JsonNode config = YamlDocuments.read(infra.resolve("alertmanager/alertmanager.yml"));
    assertThat(new AlertmanagerConfig(compose.services().get("alertmanager")).problems(config)).isEmpty();
  }

  @Test
  void collectorPipelinesAreComplete() {
    ComposeService collector = compose.services().get("otel-collector");
    String config = collector.command().stream().filter(a -> a.startsWith("--config=")).findFirst()
        .map(a -> a.substring("--config=".length())).orElseThrow();
    String hostPath = collector.hostPathOf(config).orElseThrow();

    assertThat(new CollectorConfig(compose).problems(YamlDocuments.read(infra.resolve(hostPath)))).isEmpty();
  }

  @Test
  void consoleConfigPointsAtTheBrokers() {
    ComposeService console = compose.services().get("console");
    String config = console.hostPathOf(console.environment().get("CONFIG_FILEPATH")).orElseThrow();

    assertThat(new HostPortReferences(compose).problemsIn("console", YamlDocuments.read(infra.resolve(config)))).isEmpty();
    assertThat(YamlDocuments.read(infra.resolve(config)).path("kafka").path("brokers")).hasSize(3);
  }

  @Test
  void grafanaDashboardsQueryProvisionedDatasourcesAndExportedMetrics() {
    ComposeService grafana = compose.services().get("grafana");
    String provisioning = grafana.hostPathOf("/etc/grafana/provisioning").orElseThrow();
    List<JsonNode> datasources = infra.filesMatching(provisioning + "/datasources/*.yml").stream()
        .map(f -> YamlDocuments.read(infra.resolve(f))).toList();
    List<String> providers = infra.filesMatching(provisioning + "/dashboards/*.yml");
    assertThat(datasources).isNotEmpty();
    assertThat(providers).isNotEmpty();

    Map<String, JsonNode> dashboards = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String provider : providers) {
      for (JsonNode p : YamlDocuments.read(infra.resolve(provider)).path("providers")) {
        String path = p.path("options").path("path").asText();
        grafana.hostPathOf(path).ifPresentOrElse(
            dir -> infra.filesMatching(dir + "/*.json").forEach(f -> dashboards.put(f, YamlDocuments.read(infra.resolve(f)))),
            () -> problems.add("dashboard provider path " + path + " is not mounted into grafana"));
      }
    }
    GrafanaProvisioning grafanaCheck = new GrafanaProvisioning(compose, metrics);
    problems.addAll(grafanaCheck.datasourceProblems(datasources));
    problems.addAll(grafanaCheck.dashboardProblems(dashboards, GrafanaProvisioning.datasourceUids(datasources)));

    assertThat(problems).isEmpty();
    assertThat(dashboards.values()).extracting(d -> d.path("uid").asText())
        .contains("tributary-lag", "tributary-pipeline", "tributary-api");
    String home = grafana.environment().get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    assertThat(grafana.hostPathOf(home).map(infra::exists)).as("home dashboard " + home).contains(true);
  }

  @Test
  void runbookIndexLinksEveryRunbook() {
    List<String> runbooks = infra.filesMatching("runbooks/*.md").stream()
        .map(f -> Path.of(f).getFileName().toString()).filter(f -> !f.equals("README.md")).toList();
    String index = read(infra.resolve("runbooks/README.md"));

    assertThat(runbooks).contains("replay.md", "dlq-triage.md", "lag-alert.md", "restore.md");
    assertThat(runbooks).allSatisfy(runbook -> assertThat(index).contains("(" + runbook + ")"));
    assertThat(index).contains("(model-change.md)");
  }

  private static PrometheusConfig prometheusConfig() {
    return new PrometheusConfig(compose, compose.services().get("prometheus"), infra::filesMatching);
  }

  private static Map<String, JsonNode> ruleFiles(List<String> files) {
    Map<String, JsonNode> rules = new LinkedHashMap<>();
    files.forEach(f -> rules.put(f, YamlDocuments.read(infra.resolve(f))));
    return rules;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
