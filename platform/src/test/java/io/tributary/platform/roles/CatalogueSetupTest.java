package io.tributary.platform.roles;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.streams.intents.ActiveCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A router (re)starting publishes the configured catalogue only while none is active. */
@Tag("integration")
class CatalogueSetupTest {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    // A broker of its own: the shared one may already hold a catalogue from another test.
    kafka = EmbeddedKafka.startTemporary();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void shouldPublishTheConfiguredCatalogueOnlyWhenNoneIsActive() {
    Settings settings = SettingsLoader.load(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "TRIBUTARY_TOPIC_REPLICATION_FACTOR", "1"));
    TopicSetup.ensure(settings);

    // given no catalogue yet: the first router start publishes the configured (sample) one
    AgentCatalogue first = CatalogueSetup.publishIfNone(settings);
    assertThat(active(settings)).hasValueSatisfying(a -> assertThat(a.version()).isEqualTo(first.version()));

    // when an operator publishes another catalogue and a router restarts
    AgentCatalogue operators = AgentCatalogue.of(AgentCatalogue.DEFAULT_MIN_CONFIDENCE,
        AgentCatalogue.DEFAULT_EXAMPLE_WEIGHT,
        List.of(new AgentDefinition("courier", "Deliveries and parcels", List.of(), null, null)), Instant.now());
    CatalogueSetup.publish(settings, operators);
    AgentCatalogue afterRestart = CatalogueSetup.publishIfNone(settings);

    // then the restart keeps the operator's catalogue
    assertThat(afterRestart.version()).isEqualTo(operators.version()).isNotEqualTo(first.version());
    assertThat(active(settings)).hasValueSatisfying(a -> assertThat(a.version()).isEqualTo(operators.version()));
  }

  private static java.util.Optional<AgentCatalogue> active(Settings settings) {
    return new ActiveCatalogue(settings.kafkaClients()).read(Duration.ofSeconds(60));
  }
}
