package io.tributary.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.edge.security.BearerTokens;
import io.tributary.edge.security.TrustedNetwork;
import io.tributary.edge.tenancy.CallerTenant;
import io.tributary.edge.tenancy.SingleTenant;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsException;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.ApiSecurity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void shouldTakeDefaultsFromApplicationYaml() {
    Settings settings = SettingsLoader.load(Map.of());

    assertThat(settings.apiPort()).isEqualTo(8080);
    assertThat(settings.tenant()).isEqualTo("default");
    assertThat(settings.streamsApplicationId()).isEqualTo("tributary-document-pipeline");
    assertThat(settings.pipelineCommitInterval()).isEqualTo(java.time.Duration.ofMillis(100));
    assertThat(settings.embedWorkers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(settings.topicReplicationFactor()).isEqualTo((short) -1);
    assertThat(settings.streamsStateDir()).isEqualTo(settings.home().resolve("streams-state"));
  }

  @Test
  void shouldBuildKafkaClientsFromTheTributaryKafkaVariables() {
    Settings settings = SettingsLoader.load(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
        "TRIBUTARY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "TRIBUTARY_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256",
        "TRIBUTARY_KAFKA_TIMEOUT_MS", "5000"));

    assertThat(settings.kafkaClients().listener()).isEqualTo("SASL_SSL/SCRAM-SHA-256 at broker:9093");
    assertThat(settings.kafkaClients().describe()).doesNotContainKey("timeout.ms");
    assertThat(settings.kafkaTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
  }

  @Test
  void shouldLayTopicsOutWithTwelvePartitionsAndAutomaticReplicationByDefault() {
    Settings settings = SettingsLoader.load(Map.of());

    assertThat(settings.topicLayout()).isEqualTo(io.tributary.schemas.topics.TopicLayout.defaults());
    assertThat(SettingsLoader.load(Map.of("TRIBUTARY_TOPIC_PARTITIONS", "24")).topicLayout().partitions()).isEqualTo(24);
  }

  @Test
  void shouldKeepPipelineTransactionsOpenLongerThanTheCommitInterval() {
    assertThat(SettingsLoader.load(Map.of()).pipelineTransactionTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(SettingsLoader.load(Map.of("TRIBUTARY_PIPELINE_TRANSACTION_TIMEOUT_MS", "15000"))
        .pipelineTransactionTimeout()).isEqualTo(java.time.Duration.ofSeconds(15));

    Settings tooShort = SettingsLoader.load(Map.of("TRIBUTARY_PIPELINE_TRANSACTION_TIMEOUT_MS", "100"));
    assertThatThrownBy(tooShort::pipelineTransactionTimeout).isInstanceOf(SettingsException.class)
        .hasMessageContaining("TRIBUTARY_PIPELINE_TRANSACTION_TIMEOUT_MS must be longer than");
  }

  @Test
  void shouldLetTheEnvironmentWin() {
    Settings settings = SettingsLoader.load(Map.of("TRIBUTARY_API_PORT", "9090", "TRIBUTARY_TENANT", "acme"));

    assertThat(settings.apiPort()).isEqualTo(9090);
    assertThat(settings.tenant()).isEqualTo("acme");
  }

  @Test
  void shouldNameAMissingRequiredSetting() {
    Settings settings = SettingsLoader.load(Map.of());

    assertThatThrownBy(settings::kafkaBootstrapServers)
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void shouldNameAMalformedSettingAndItsValue() {
    Settings settings = SettingsLoader.load(Map.of("TRIBUTARY_API_PORT", "eighty"));

    assertThatThrownBy(settings::apiPort).hasMessageContaining("TRIBUTARY_API_PORT").hasMessageContaining("eighty");
  }

  @Test
  void shouldAcceptPostgresUrlsAsWellAsJdbcUrls() {
    Settings settings = SettingsLoader.load(Map.of("DATABASE_URL", "postgres://app:secret@db.example:5433/rag"));

    assertThat(settings.databaseUrl())
        .startsWith("jdbc:postgresql://db.example:5433/rag")
        .contains("user=app");
  }

  @Test
  void shouldExpandTheHomeDirectory() {
    Settings settings = SettingsLoader.load(Map.of("TRIBUTARY_HOME", "~/x"));

    assertThat(settings.home().toString()).isEqualTo(System.getProperty("user.home") + "/x");
  }

  @Test
  void shouldReadTheQueryServiceSettingsWithTheirDefaults() {
    Settings defaults = SettingsLoader.load(Map.of());
    Settings tuned = SettingsLoader.load(Map.of("TRIBUTARY_DB_TIMEOUT_MS", "750", "TRIBUTARY_SEARCH_MAX_CONCURRENT", "0"));

    assertThat(defaults.cacheTtl()).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(defaults.redisTimeout()).isEqualTo(java.time.Duration.ofMillis(50));
    assertThat(defaults.idempotencyTtl()).isEqualTo(java.time.Duration.ofHours(24));
    assertThat(defaults.cacheNamespace()).isEqualTo("tributary");
    assertThat(tuned.dbTimeout()).isEqualTo(java.time.Duration.ofMillis(750));
    assertThatThrownBy(tuned::searchMaxConcurrent).hasMessageContaining("TRIBUTARY_SEARCH_MAX_CONCURRENT");
  }

  @Test
  void shouldRefuseToStartTheApiWithoutAnIssuerNamingTheSettingAndTheWayOut() {
    Settings settings = SettingsLoader.load(Map.of("TRIBUTARY_OIDC_AUDIENCE", "tributary"));

    assertThatThrownBy(() -> ApiSecurity.from(settings))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("TRIBUTARY_OIDC_ISSUER")
        .hasMessageContaining("TRIBUTARY_AUTH=none");
  }

  @Test
  void shouldRefuseToStartTheApiWithoutAnAudience() {
    Settings settings = SettingsLoader.load(Map.of("TRIBUTARY_OIDC_ISSUER", "https://login.example/realms/x"));

    assertThatThrownBy(() -> ApiSecurity.from(settings)).hasMessageContaining("TRIBUTARY_OIDC_AUDIENCE");
  }

  @Test
  void shouldRefuseAPlainHttpIssuerOffLoopback() {
    Settings settings = SettingsLoader.load(Map.of(
        "TRIBUTARY_OIDC_ISSUER", "http://login.example/realms/x", "TRIBUTARY_OIDC_AUDIENCE", "tributary"));

    assertThatThrownBy(() -> ApiSecurity.from(settings)).hasMessageContaining("https");
  }

  @Test
  void shouldBuildTokenTenancyForAnHttpsIssuer() {
    Settings settings = SettingsLoader.load(Map.of(
        "TRIBUTARY_OIDC_ISSUER", "https://login.example/realms/x", "TRIBUTARY_OIDC_AUDIENCE", "tributary",
        "TRIBUTARY_CORS_ORIGINS", "https://app.example", "TRIBUTARY_RATE_LIMIT_PER_SUBJECT", "5"));

    ApiSecurity security = ApiSecurity.from(settings);

    assertThat(security.tenants()).isInstanceOf(CallerTenant.class);
    assertThat(security.policy().authenticator()).isInstanceOf(BearerTokens.class);
    assertThat(security.policy().cors().allows("https://app.example")).isTrue();
    assertThat(security.policy().subjectPerMinute()).isEqualTo(5);
  }

  @Test
  void shouldServeOneTenantWithoutAuthenticationOnlyWhenToldExplicitly() {
    Settings settings = SettingsLoader.load(Map.of("TRIBUTARY_AUTH", "none", "TRIBUTARY_TENANT", "acme",
        "TRIBUTARY_API_HOST", "127.0.0.1"));

    ApiSecurity security = ApiSecurity.from(settings);

    assertThat(security.policy().authenticator()).isInstanceOf(TrustedNetwork.class);
    assertThat(security.tenants()).isInstanceOf(SingleTenant.class);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"0.0.0.0", "::", "10.1.2.3", "api.internal"})
  void shouldRefuseToServeWithoutAuthenticationOnANonLoopbackAddress(String host) {
    Settings settings = SettingsLoader.load(Map.of("TRIBUTARY_AUTH", "none", "TRIBUTARY_API_HOST", host));

    assertThatThrownBy(() -> ApiSecurity.from(settings))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("loopback")
        .hasMessageContaining("TRIBUTARY_AUTH_NONE_ALLOW_REMOTE=true");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"127.0.0.1", "127.8.9.10", "localhost", "[::1]"})
  void shouldServeWithoutAuthenticationOnALoopbackAddress(String host) {
    Settings settings = SettingsLoader.load(Map.of("TRIBUTARY_AUTH", "none", "TRIBUTARY_API_HOST", host));

    assertThat(ApiSecurity.from(settings).policy().authenticator()).isInstanceOf(TrustedNetwork.class);
  }

  @Test
  void shouldServeWithoutAuthenticationOnAnyAddressOnlyWithTheExplicitOverride() {
    Settings settings = SettingsLoader.load(Map.of("TRIBUTARY_AUTH", "none", "TRIBUTARY_API_HOST", "0.0.0.0",
        "TRIBUTARY_AUTH_NONE_ALLOW_REMOTE", "true"));

    assertThat(ApiSecurity.from(settings).policy().authenticator()).isInstanceOf(TrustedNetwork.class);
  }

  @Test
  void shouldRefuseAnOverrideThatIsNotTrueOrFalse() {
    Settings settings = SettingsLoader.load(Map.of("TRIBUTARY_AUTH", "none", "TRIBUTARY_API_HOST", "0.0.0.0",
        "TRIBUTARY_AUTH_NONE_ALLOW_REMOTE", "yes"));

    assertThatThrownBy(() -> ApiSecurity.from(settings)).hasMessageContaining("TRIBUTARY_AUTH_NONE_ALLOW_REMOTE");
  }

  @Test
  void shouldReadAMetricsTokenAndRefuseAShortOne() {
    assertThat(SettingsLoader.load(Map.of()).metricsToken()).isEmpty();
    assertThat(SettingsLoader.load(Map.of("TRIBUTARY_METRICS_TOKEN", "0123456789abcdef")).metricsToken())
        .contains("0123456789abcdef");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("TRIBUTARY_METRICS_TOKEN", "short")).metricsToken())
        .hasMessageContaining("TRIBUTARY_METRICS_TOKEN");
  }

  @Test
  void shouldRefuseAnUnknownAuthMode() {
    Settings settings = SettingsLoader.load(Map.of("TRIBUTARY_AUTH", "dev"));

    assertThatThrownBy(() -> ApiSecurity.from(settings)).hasMessageContaining("TRIBUTARY_AUTH");
  }
}
