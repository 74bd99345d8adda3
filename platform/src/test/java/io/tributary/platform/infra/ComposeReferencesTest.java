package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ComposeReferencesTest {

  private static final String VALID = """
      x-env: &env
        DATABASE_URL: postgres://app:${POSTGRES_PASSWORD:?set it}@db:5432/app
        KAFKA_BOOTSTRAP_SERVERS: broker:9092
        ISSUER: https://login.example.com:443/realms/x
      services:
        broker:
          image: redpanda:v25.2.4
          command: ["redpanda", "start", "--advertise-kafka-addr=internal://broker:9092,external://localhost:19092"]
          expose: ["9092"]
          ports: ["19092:19092"]
          volumes: [broker-data:/var/lib/redpanda/data, ./conf/bootstrap.yaml:/etc/redpanda/.bootstrap.yaml:ro]
          healthcheck: { test: ["CMD", "true"] }
        db:
          image: pgvector/pgvector:0.8.0-pg15
          expose: ["5432"]
          healthcheck: { test: ["CMD", "true"] }
        app:
          build: .
          image: app:1.0
          environment:
            <<: *env
          depends_on:
            broker: { condition: service_healthy }
            db: { condition: service_healthy }
      volumes:
        broker-data:
      """;

  private static java.util.List<String> problems(String yaml) {
    Set<String> files = Set.of("./conf/bootstrap.yaml");
    return new ComposeReferences(ComposeModel.of(YamlDocuments.parse(yaml)), files::contains).problems();
  }

  @Test
  void shouldAcceptAFileWhoseReferencesAllResolve() {
    assertThat(problems(VALID)).isEmpty();
  }

  @Test
  void shouldReportADependencyOnAnUndefinedService() {
    assertThat(problems(VALID.replace("db: { condition: service_healthy }", "dbx: { condition: service_healthy }")))
        .containsExactly("service app: depends_on names undefined service 'dbx'");
  }

  @Test
  void shouldReportWaitingForHealthOfAServiceWithoutHealthcheck() {
    String yaml = VALID.replace("    expose: [\"5432\"]\n    healthcheck: { test: [\"CMD\", \"true\"] }\n",
        "    expose: [\"5432\"]\n");
    assertThat(problems(yaml)).containsExactly("service app: waits for 'db' to be healthy, but it has no healthcheck");
  }

  @Test
  void shouldReportAnUndefinedVolumeAndAMissingBindSource() {
    String yaml = VALID.replace("broker-data:/var", "broker-dta:/var").replace("./conf/bootstrap", "./conf/bootstrp");
    assertThat(problems(yaml)).containsExactly(
        "service broker: volume 'broker-dta' is not defined under volumes",
        "service broker: bind mount source './conf/bootstrp.yaml' does not exist");
  }

  @Test
  void shouldReportAnUndefinedNetworkAndSecret() {
    String yaml = VALID.replace("  app:\n    build: .\n", "  app:\n    build: .\n    networks: [backend]\n    secrets: [token]\n");
    assertThat(problems(yaml)).containsExactly(
        "service app: network 'backend' is not defined under networks",
        "service app: secret 'token' is not defined under secrets");
  }

  @Test
  void shouldReportAnUnpinnedImage() {
    assertThat(problems(VALID.replace("redpanda:v25.2.4", "redpanda:latest").replace("app:1.0", "app")))
        .containsExactly("service broker: image 'redpanda:latest' is not pinned to a version tag",
            "service app: image 'app' is not pinned to a version tag");
  }

  @Test
  void shouldReportAnEnvironmentUrlToAnUndefinedServiceThroughAMergedAnchor() {
    assertThat(problems(VALID.replace("@db:5432", "@postgres:5432")))
        .containsExactly("service app environment DATABASE_URL: 'postgres:5432' names no compose service");
  }

  @Test
  void shouldReportAnAddressOnAPortTheServiceDoesNotListenOn() {
    assertThat(problems(VALID.replace("broker:9092\n", "broker:9093\n")))
        .containsExactly("service app environment KAFKA_BOOTSTRAP_SERVERS: 'broker:9093' but broker listens on [9092, 19092]");
  }

  @Test
  void shouldCheckAddressesInCommands() {
    assertThat(problems(VALID.replace("internal://broker:9092", "internal://brokr:9092")))
        .containsExactly("service broker command: 'brokr:9092' names no compose service");
  }
}
