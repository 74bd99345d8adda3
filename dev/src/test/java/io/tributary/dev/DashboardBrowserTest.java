package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.edge.security.Role;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.ApiRole;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.roles.ProjectorRole;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.OnnxEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lag dashboard in a real browser against a running stack (API with the lag collector, rag projector,
 * embedded Kafka, Postgres and Redis): projection lag rises while the projector is stopped and falls when
 * it runs again, as the page renders it. Screenshots land in {@code dev/target/dashboard-*.png}.
 */
@Tag("browser")
@ExtendWith({EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class DashboardBrowserTest {

  private static final String GROUP = ProjectorRunner.groupId(RagProjection.NAME);
  private static final Path TARGET = Path.of("target");

  @Test
  void shouldShowProjectionLagRiseWhileTheProjectorIsStoppedAndFallWhenItRunsAgain(TestDatabase db,
      EmbeddedRedis redis) throws Exception {
    HeadlessChromium.requireInstalled();
    try (Closer closer = new Closer()) {
      // Its own broker: it produces to the catalogue's docs.embedded.v1, which other tests' projectors read.
      EmbeddedKafka kafka = closer.register(EmbeddedKafka.startTemporary());
      // Given: a stack with a fast lag collector, and a projector that is caught up
      DevIssuer issuer = closer.register(DevIssuer.start(Clock.systemUTC()));
      Settings settings = settings(kafka, db, redis, issuer);
      TopicSetup.ensure(settings);
      OnnxEmbedder embedder = closer.register(new OnnxEmbedder(1));
      Telemetry telemetry = closer.register(Telemetry.fromEnvironment(Map.of()));
      ProjectorRole first = ProjectorRole.start(settings, telemetry);
      boolean[] firstStopped = {false};
      closer.register(() -> {
        if (!firstStopped[0]) {
          first.close();
        }
      });
      ApiRole api = closer.register(ApiRole.start(settings, embedder, List.of(), telemetry));
      KafkaProducer<String, EmbeddedDocument> producer = closer.register(new KafkaProducer<>(Map.<String, Object>of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
          Topics.DOCS_EMBEDDED.valueSerde().serializer()));
      produce(producer, embedder, 2);
      String token = issuer.token("operator", settings.oidcTenantClaim(), settings.tenant(),
          settings.oidcRolesClaim(), Arrays.stream(Role.values()).map(Role::claimValue).toList());
      HeadlessChromium browser = closer.register(
          HeadlessChromium.open("http://127.0.0.1:" + api.port() + "/dashboard#token=" + token));

      await("caught up on the page").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> rendered(browser).path("offsets").asLong(-1) == 0);
      assertThat(browser.evaluate("window.location.hash").asText()).as("the token leaves the address bar").isEmpty();
      assertThat(browser.evaluate("document.body.getAttribute('data-status')").asText()).isEqualTo("live");

      // When: the projector stops and records keep arriving
      firstStopped[0] = true;
      first.close();
      produce(producer, embedder, 5);

      // Then: the page shows the lag in offsets, and in seconds growing while nothing consumes
      await("lag on the page").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> rendered(browser).path("offsets").asLong() == 5);
      double before = rendered(browser).path("seconds").asDouble();
      await("growing time lag and a stall badge").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> rendered(browser).path("seconds").asDouble() >= before + 2
              && rendered(browser).path("stalled").asText().equals("true"));
      JsonNode lagging = rendered(browser);
      assertThat(lagging.path("kind").asText()).isEqualTo("projection");
      assertThat(lagging.path("chartPoints").asInt()).isPositive();
      assertThat(browser.evaluate("document.getElementById('badges').getAttribute('data-stalled')").asInt())
          .isGreaterThanOrEqualTo(1);
      browser.screenshot(TARGET.resolve("dashboard-lagging.png"));

      // When: the projector runs again
      closer.register(ProjectorRole.start(settings, telemetry));

      // Then: the lag falls back to nothing, in offsets and in seconds
      await("lag gone on the page").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> rendered(browser).path("offsets").asLong() == 0
              && rendered(browser).path("seconds").asDouble() == 0);
      JsonNode recovered = rendered(browser);
      assertThat(recovered.path("stalled").asText()).isEqualTo("false");
      // The other panels: projection generations and dead letters, and the dead-letter topics' end offsets.
      await("projection status on the page").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> browser.evaluate("(function () { var r = document.querySelector("
              + "'#projections tr[data-projection=\"rag\"]'); return r ? r.dataset.lag : null; })()").asText()
              .equals("0"));
      assertThat(browser.evaluate("document.querySelector('#projections tr[data-projection=\"agents\"] td:nth-child(3)')"
          + ".textContent").asText()).as("a projection without generations").isEqualTo("not replayable");
      assertThat(browser.evaluate("document.querySelector('#projections tr[data-projection=\"rag\"] td:nth-child(3)')"
          + ".textContent").asText()).matches("\\d+");
      assertThat(browser.evaluate("document.querySelector('#dead-letters tr[data-topic=\"docs.embedded.v1.dlq.v1\"]')"
          + ".dataset.records").asText()).isEqualTo("0");
      browser.screenshot(TARGET.resolve("dashboard-recovered.png"));
      System.out.printf("dashboard: lag %d offsets / %.1f s while stopped (%.1f s at first), %d / %.1f s after resume%n",
          lagging.path("offsets").asLong(), lagging.path("seconds").asDouble(), before,
          recovered.path("offsets").asLong(), recovered.path("seconds").asDouble());
    }
  }

  /** What the page rendered for the rag projector's group: the data attributes of its row. */
  private static JsonNode rendered(HeadlessChromium browser) throws Exception {
    return browser.evaluate("""
        (function () {
          var row = document.querySelector('#groups tr[data-group="%s"]');
          if (!row) { return {}; }
          return {offsets: Number(row.dataset.lagOffsets), seconds: Number(row.dataset.lagSeconds),
            stalled: row.dataset.stalled, kind: row.dataset.kind,
            chartPoints: Number(document.getElementById('chart-seconds').getAttribute('data-points'))};
        })()""".formatted(GROUP));
  }

  private static Settings settings(EmbeddedKafka kafka, TestDatabase db, EmbeddedRedis redis, DevIssuer issuer)
      throws Exception {
    Map<String, String> values = new HashMap<>();
    values.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    values.put("DATABASE_URL", db.jdbcUrl());
    values.put("REDIS_URL", redis.uri());
    values.put("TRIBUTARY_HOME", Files.createTempDirectory("tributary-browser").toString());
    values.put("TRIBUTARY_API_HOST", "127.0.0.1");
    values.put("TRIBUTARY_API_PORT", "0");
    values.put("TRIBUTARY_TENANT", "browser");
    values.put("TRIBUTARY_TOPIC_PARTITIONS", "3");
    values.put("TRIBUTARY_AUTH", "oidc");
    values.put("TRIBUTARY_OIDC_ISSUER", issuer.issuer());
    values.put("TRIBUTARY_OIDC_AUDIENCE", DevIssuer.AUDIENCE);
    values.put("TRIBUTARY_LAG_INTERVAL_MS", "500");
    values.put("TRIBUTARY_LAG_STALL_WINDOW_SECONDS", "2");
    values.put("TRIBUTARY_LAG_TREND_WINDOW_SECONDS", "3");
    return SettingsLoader.load(values);
  }

  private static void produce(KafkaProducer<String, EmbeddedDocument> producer, OnnxEmbedder embedder, int count)
      throws Exception {
    for (int i = 0; i < count; i++) {
      String id = "lag-" + UUID.randomUUID();
      String text = "Lag probe document " + i + " about kettles and limescale.";
      String vector = VectorCodec.encode(embedder.embed(List.of(text)).getFirst());
      EmbeddedDocument document = new EmbeddedDocument(id, "browser", 1, "0".repeat(64), "Lag probe " + i, "test",
          "text/plain", Map.of(), embedder.modelId(), embedder.dimensions(),
          List.of(new EmbeddedChunk(0, text, List.of(), 0, text.length(), vector)), Instant.now(), Instant.now());
      producer.send(new ProducerRecord<>(Topics.DOCS_EMBEDDED.name(), id, document)).get();
    }
  }
}
