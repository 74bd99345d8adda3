package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CollectorAndAlertmanagerConfigTest {

  private static final ComposeModel COMPOSE = ComposeModel.of(YamlDocuments.parse("""
      services:
        jaeger: { image: "j:1", expose: ["4317"] }
        alertmanager: { image: "am:1", secrets: [webhook-url] }
      secrets:
        webhook-url: { environment: WEBHOOK_URL }
      """));

  private static final String COLLECTOR = """
      receivers: { otlp: { protocols: { http: { endpoint: "0.0.0.0:4318" } } } }
      processors: { batch: {} }
      exporters:
        otlp/jaeger: { endpoint: "jaeger:4317", tls: { insecure: true } }
        debug: {}
      service:
        pipelines:
          traces: { receivers: [otlp], processors: [batch], exporters: [otlp/jaeger, debug] }
      """;

  private static final String ALERTMANAGER = """
      route:
        receiver: webhook
        routes: [{ receiver: webhook, matchers: ['severity="critical"'] }]
      receivers:
        - name: webhook
          webhook_configs: [{ url_file: /run/secrets/webhook-url }]
      """;

  @Test
  void shouldAcceptACompleteCollectorPipeline() {
    assertThat(new CollectorConfig(COMPOSE).problems(YamlDocuments.parse(COLLECTOR))).isEmpty();
  }

  @Test
  void shouldReportAnUndefinedExporterAndAnEndpointOutsideTheStack() {
    String yaml = COLLECTOR.replace("[otlp/jaeger, debug]", "[otlp/tempo, debug]").replace("jaeger:4317", "tempo:4317");
    assertThat(new CollectorConfig(COMPOSE).problems(YamlDocuments.parse(yaml))).containsExactly(
        "collector pipeline traces: exporters 'otlp/tempo' is not defined",
        "collector exporters/otlp/jaeger/endpoint: 'tempo:4317' names no compose service");
  }

  @Test
  void shouldAcceptRoutesToDefinedReceiversWithAMountedSecret() {
    AlertmanagerConfig check = new AlertmanagerConfig(COMPOSE.services().get("alertmanager"));
    assertThat(check.problems(YamlDocuments.parse(ALERTMANAGER))).isEmpty();
  }

  @Test
  void shouldReportAnUndefinedReceiverAndASecretTheServiceDoesNotGet() {
    String yaml = ALERTMANAGER.replace("routes: [{ receiver: webhook", "routes: [{ receiver: pager")
        .replace("/run/secrets/webhook-url", "/run/secrets/pager-url");
    AlertmanagerConfig check = new AlertmanagerConfig(COMPOSE.services().get("alertmanager"));
    assertThat(check.problems(YamlDocuments.parse(yaml))).containsExactly(
        "alertmanager: route names undefined receiver 'pager'",
        "alertmanager: url_file '/run/secrets/pager-url' is not a secret of service alertmanager");
  }
}
