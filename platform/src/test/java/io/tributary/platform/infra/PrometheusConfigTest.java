package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusConfigTest {

  private static final ComposeModel COMPOSE = ComposeModel.of(YamlDocuments.parse("""
      services:
        api: { build: ., image: "t:1", expose: ["8080"] }
        streams: { build: ., image: "t:1", expose: ["9464"] }
        alertmanager: { image: "am:1", expose: ["9093"] }
        prometheus:
          image: "p:1"
          volumes: ["./prometheus/rules:/etc/prometheus/rules:ro"]
      """));

  private static final String CONFIG = """
      rule_files: ["/etc/prometheus/rules/*.yml"]
      alerting:
        alertmanagers: [{ static_configs: [{ targets: ["alertmanager:9093"] }] }]
      scrape_configs:
        - { job_name: api, dns_sd_configs: [{ names: ["api"], type: A, port: 8080 }] }
        - { job_name: streams, dns_sd_configs: [{ names: ["streams"], type: A, port: 9464 }] }
        - { job_name: self, static_configs: [{ targets: ["localhost:9090"] }] }
      """;

  private static List<String> problems(String config, List<String> ruleFiles) {
    PrometheusConfig check = new PrometheusConfig(COMPOSE, COMPOSE.services().get("prometheus"),
        pattern -> pattern.equals("./prometheus/rules/*.yml") ? ruleFiles : List.of());
    JsonNode tree = YamlDocuments.parse(config);
    return check.problems(tree);
  }

  @Test
  void shouldAcceptTargetsOnServicesAndMountedRules() {
    assertThat(problems(CONFIG, List.of("./prometheus/rules/lag.yml"))).isEmpty();
  }

  @Test
  void shouldReportATargetOnTheWrongPort() {
    assertThat(problems(CONFIG.replace("port: 9464", "port: 9465"), List.of("./prometheus/rules/lag.yml")))
        .containsExactly("prometheus.yml job streams: 'streams:9465' but streams listens on [9464]");
  }

  @Test
  void shouldReportARoleThatIsNotScraped() {
    String config = CONFIG.replace(
        "  - { job_name: streams, dns_sd_configs: [{ names: [\"streams\"], type: A, port: 9464 }] }\n", "");
    assertThat(problems(config, List.of("./prometheus/rules/lag.yml")))
        .containsExactly("prometheus.yml: the role 'streams' is not scraped");
  }

  @Test
  void shouldReportARoleScrapedAsAStaticTargetBecauseOnlyOneReplicaWouldBeFound() {
    String config = CONFIG.replace("dns_sd_configs: [{ names: [\"api\"], type: A, port: 8080 }]",
        "static_configs: [{ targets: [\"api:8080\"] }]");
    assertThat(problems(config, List.of("./prometheus/rules/lag.yml"))).containsExactly(
        "prometheus.yml job api: the role 'api' is a static target: with --scale only one replica is scraped"
            + " (use dns_sd_configs)",
        "prometheus.yml: the role 'api' is not scraped");
  }

  @Test
  void shouldReportRuleFilesThatAreNotMountedOrMatchNothing() {
    assertThat(problems(CONFIG, List.of()))
        .containsExactly("prometheus.yml: rule file '/etc/prometheus/rules/*.yml' matches no file (./prometheus/rules/*.yml)");
    assertThat(problems(CONFIG.replace("/etc/prometheus/rules/", "/etc/rules/"), List.of("x")))
        .containsExactly("prometheus.yml: rule file '/etc/rules/*.yml' is not mounted into prometheus");
  }

  @Test
  void shouldReportAnAlertmanagerThatIsNotAService() {
    assertThat(problems(CONFIG.replace("alertmanager:9093", "am:9093"), List.of("x")))
        .containsExactly("prometheus.yml alerting: 'am:9093' names no compose service");
  }
}
