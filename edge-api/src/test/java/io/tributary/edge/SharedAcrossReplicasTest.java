package io.tributary.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.http.TrustedProxies;
import io.tributary.edge.ratelimit.RedisRateLimits;
import io.tributary.edge.security.TrustedNetwork;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.monitoring.lag.AdvisoryLockLeadership;
import io.tributary.monitoring.lag.GroupKind;
import io.tributary.monitoring.lag.GroupMembership;
import io.tributary.monitoring.lag.LagCollector;
import io.tributary.monitoring.lag.LagReading;
import io.tributary.monitoring.lag.LagSettings;
import io.tributary.monitoring.lag.Leadership;
import io.tributary.monitoring.lag.PartitionPosition;
import io.tributary.monitoring.lag.PostgresLagArchive;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two API replicas behind one proxy act as one: a client's rate limit and a tenant's write share are
 * shared through Redis, only one replica's lag collector exports gauges (the holder of the Postgres
 * advisory lock), and the lag history it archives survives a restart.
 */
@Tag("integration")
@ExtendWith({EmbeddedRedisExtension.class, EmbeddedPostgresExtension.class})
class SharedAcrossReplicasTest {

  private static final LagSettings LAG = new LagSettings(Duration.ofMillis(200), Duration.ofSeconds(1),
      Duration.ofSeconds(1), 20, 100, Duration.ofSeconds(10));

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldGiveAClientItsLimitOnceAcrossTwoReplicas(EmbeddedRedis redis) throws Exception {
    // Given: two replicas, 3 requests per client and minute, buckets in one Redis, loopback = the proxy
    RedisClient client = RedisClient.create(redis.uri());
    String namespace = "shared-" + UUID.randomUUID();
    try (StatefulRedisConnection<String, String> connection = client.connect();
        EdgeApi first = replica(connection, namespace);
        EdgeApi second = replica(connection, namespace)) {
      String alice = "198.51.100.7";

      // When: the proxy spreads alice's requests over both replicas
      List<Integer> statuses = List.of(
          get(first, alice), get(second, alice), get(first, alice), get(second, alice), get(first, alice));

      // Then: three pass in total, not three per replica; another client still has its own bucket
      assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
      assertThat(get(second, "198.51.100.8")).isEqualTo(200);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void shouldGiveATenantItsWriteShareOnceAcrossTwoReplicas(EmbeddedRedis redis) throws Exception {
    // Given: two replicas, 3 writes per tenant and minute, counted in one Redis
    RedisClient client = RedisClient.create(redis.uri());
    String namespace = "tenant-" + UUID.randomUUID();
    try (StatefulRedisConnection<String, String> connection = client.connect();
        EdgeApi first = replica(connection, namespace, 0, 3);
        EdgeApi second = replica(connection, namespace, 0, 3)) {

      // When: the tenant's writes are spread over both replicas
      List<Integer> statuses = List.of(
          post(first), post(second), post(first), post(second), post(first));

      // Then: three get past the share in total, not three per replica
      assertThat(statuses.subList(0, 3)).doesNotContain(429);
      assertThat(statuses.subList(3, 5)).containsOnly(429);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void shouldExportLagGaugesFromOneReplicaAndHandOverWhenItStops(TestDatabase db) {
    // Given: two replicas' collectors, each with its own registry and election connection
    SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
    SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
    try (Database firstElection = new Database(db.jdbcUrl(), 1);
        Database secondElection = new Database(db.jdbcUrl(), 1);
        LagCollector second = collector(secondMeters, secondElection)) {
      LagCollector first = collector(firstMeters, firstElection);
      first.sample();
      second.sample();

      // Then: the gauges exist once, on the replica that took the lock first
      assertThat(lagGauges(firstMeters)).isPositive();
      assertThat(lagGauges(secondMeters)).isZero();

      // When: the leader stops (its session ends, releasing the lock)
      first.close();

      // Then: the other replica takes over at its next sample
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        second.sample();
        assertThat(lagGauges(secondMeters)).isPositive();
      });
    }
  }

  @Test
  void shouldRestoreTheLagHistoryTheLeaderArchivedAfterARestart(TestDatabase db) {
    // Given: a leading replica that took three samples, archived in Postgres
    try (Database database = new Database(db.jdbcUrl(), 2)) {
      Migrations.apply(database.dataSource());
      PostgresLagArchive archive = new PostgresLagArchive(database.jdbi());
      try (LagCollector before = new LagCollector(LagReadings::one, LAG, new SimpleMeterRegistry(),
          Clock.systemUTC(), Leadership.alone(), archive)) {
        before.sample();
        before.sample();
        before.sample();
      }

      // When: the API restarts
      try (LagCollector after = new LagCollector(LagReadings::one, LAG, new SimpleMeterRegistry(),
          Clock.systemUTC(), Leadership.alone(), archive)) {
        int restored = after.restore();

        // Then: the history and the latest sample are back before the first new sample
        assertThat(restored).isEqualTo(3);
        assertThat(after.history(Duration.ofMinutes(1))).hasSize(3);
        assertThat(after.latest().groups()).singleElement()
            .satisfies(group -> assertThat(group.lagOffsets()).isEqualTo(10));
        assertThat(after.latest().partitions()).singleElement()
            .satisfies(partition -> assertThat(partition.topic()).isEqualTo("t"));
      }
    }
  }

  private static LagCollector collector(SimpleMeterRegistry meters, Database election) {
    return new LagCollector(LagReadings::one, LAG, meters, Clock.systemUTC(),
        new AdvisoryLockLeadership(election.dataSource(), AdvisoryLockLeadership.LAG_COLLECTOR));
  }

  private static long lagGauges(SimpleMeterRegistry meters) {
    return meters.getMeters().stream().filter(m -> m.getId().getName().startsWith("tributary.lag.")).count();
  }

  private static EdgeApi replica(StatefulRedisConnection<String, String> connection, String namespace) {
    return replica(connection, namespace, 3, 0);
  }

  private static EdgeApi replica(StatefulRedisConnection<String, String> connection, String namespace,
      int perClientAddress, int tenantWritesPerMinute) {
    EdgePolicy policy = new EdgePolicy(new TrustedNetwork("t"), CorsPolicy.none(), perClientAddress, 0, 0,
        tenantWritesPerMinute, new RedisRateLimits(connection, namespace, Duration.ofSeconds(2)),
        TrustedProxies.parse("127.0.0.1"));
    return EdgeApi.start("127.0.0.1", 0, new EdgeApi.EdgeServices(null, null, new HealthService(List.of())),
        policy);
  }

  /** A document write; the replica has no document service, so only the filters in front of it answer. */
  private int post(EdgeApi replica) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + "/api/v1/documents"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
        .timeout(Duration.ofSeconds(30)).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private int get(EdgeApi replica, String forwardedFor) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + "/openapi"))
        .header("X-Forwarded-For", forwardedFor).timeout(Duration.ofSeconds(30)).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A fixed reading: one consumer group 10 records behind on one partition. */
  private static final class LagReadings {
    static LagReading one(java.time.Instant at) {
      return new LagReading(at, List.of(new GroupMembership("g", GroupKind.CONSUMER, "Stable", 1)),
          List.of(new PartitionPosition("g", GroupKind.CONSUMER, "t", 0, 10, 20, 0, at.minusSeconds(5))), List.of());
    }
  }
}
