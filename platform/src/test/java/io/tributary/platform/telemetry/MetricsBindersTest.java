package io.tributary.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.projections.db.Database;
import io.tributary.streams.runtime.StreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The connection pools and clients a role runs publish their own meters to the process's registry. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class MetricsBindersTest {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void shouldPublishHikariPoolMetersTaggedWithThePoolName(TestDatabase db) {
    try (Database database = new Database(db.jdbcUrl(), 2, "projector").bindMetrics(registry)) {
      database.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());

      assertThat(registry.scrape()).contains("hikaricp_connections_max{pool=\"projector\"} 2.0")
          .contains("hikaricp_connections_acquire_seconds_count{pool=\"projector\"}");
    }
  }

  @Test
  void shouldPublishLettuceCommandLatencies(EmbeddedRedis redis) {
    ClientResources resources = ClientResources.builder()
        .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(registry, MicrometerOptions.create())).build();
    RedisClient client = RedisClient.create(resources, redis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().ping();

      assertThat(registry.scrape()).contains("lettuce_command_completion_seconds_count{")
          .contains("command=\"PING\"");
    } finally {
      client.shutdown();
      resources.shutdown();
    }
  }

  @Test
  void shouldPublishTheKafkaStreamsClientsMetersAndRemoveThemOnClose(EmbeddedKafka kafka, @TempDir Path state) {
    String id = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopics(1, id + ".in", id + ".out");
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(id + ".in").to(id + ".out");
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    StreamsApp app = new StreamsApp(builder.build(), config, "metrics test");
    app.bindMetrics(registry);
    app.start();
    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> registry.scrape().contains("kafka_stream_thread_"));
      assertThat(registry.scrape()).contains("kafka_consumer_").contains("kafka_producer_");
    } finally {
      app.close(Duration.ofSeconds(30));
    }
    assertThat(registry.scrape()).doesNotContain("kafka_stream_thread_");
  }
}
