package io.tributary.platform.roles;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.RouteTable;
import io.tributary.edge.EdgePolicy;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.health.KafkaCheck;
import io.tributary.edge.health.PostgresCheck;
import io.tributary.edge.health.ReadinessCheck;
import io.tributary.edge.health.RedisCheck;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.http.TopicBodyLimit;
import io.tributary.edge.intents.ConversationsService;
import io.tributary.edge.intents.IntentSubmitter;
import io.tributary.edge.intents.IntentsApi;
import io.tributary.edge.intents.IntentsService;
import io.tributary.edge.ratelimit.RedisRateLimits;
import io.tributary.edge.telemetry.BreakerStates;
import io.tributary.edge.telemetry.CacheMeters;
import io.tributary.edge.tenancy.TenantResolver;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.platform.config.Settings;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.projections.agents.AgentRoutes;
import io.tributary.projections.db.Database;
import io.tributary.projections.generations.LiveGenerations;
import io.tributary.embedding.Embedder;
import io.tributary.schemas.topics.Topics;
import io.tributary.projections.replay.ReplayRescue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** The api role: the Helidon SE edge API over the read models, with ingestion into the log. */
public final class ApiRole implements AutoCloseable {

  /** How often every replica looks for a replay whose replica died (its build lock is then free). */
  private static final Duration RESCUE_EVERY = Duration.ofSeconds(30);

  private final Closer closer;
  private final EdgeApi api;
  private final Set<String> routes;

  private ApiRole(Closer closer, EdgeApi api, Set<String> routes) {
    this.closer = closer;
    this.api = api;
    this.routes = Set.copyOf(routes);
  }

  /**
   * Starts the API. {@code extraChecks} join readiness (dev mode adds the pipeline and the
   * projector running in the same JVM).
   */
  public static ApiRole start(Settings settings, Embedder embedder, List<ReadinessCheck> extraChecks,
      Telemetry telemetry) {
    // Security settings first: a misconfigured guard must stop the start before anything connects.
    ApiSecurity security = ApiSecurity.from(settings);
    Closer closer = new Closer();
    try {
      // Request work: every statement ends within the request time limit.
      Database database = closer.register(
          Database.bounded(settings.databaseUrl(), settings.dbPoolSize(), settings.dbTimeout(), "api")
              .bindMetrics(telemetry.meters()));
      // Projection status reads, outside the request pool (they also ask Kafka).
      Database operations = closer.register(new Database(settings.databaseUrl(), 2, "api-operations")
          .bindMetrics(telemetry.meters()));
      // Replays started through the API load and build indexes for minutes: a pool of their own,
      // sized by TRIBUTARY_REPLAY_MAX_CONNECTIONS (+1 for plans and aborts beside a running build).
      Database builds = closer.register(ProjectionsWiring.buildDatabase(settings, 1, "tributary-replay"));
      DocumentSubmitter submitter =
          closer.register(DocumentSubmitter.connect(settings.kafkaClients(), "tributary-api"));
      Admin admin = closer.register(settings.kafkaClients().admin("tributary-api-health"));
      // Command latencies per command type (lettuce_command_completion_seconds and _firstresponse_).
      ClientResources resources = ClientResources.builder()
          .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(telemetry.meters(), MicrometerOptions.create()))
          .build();
      closer.register(resources::shutdown);
      RedisClient redis = RedisClient.create(resources, settings.redisUrl());
      // Fail cache calls at once while Redis is away instead of queueing them until it returns.
      redis.setOptions(ClientOptions.builder()
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
      closer.register(redis::shutdown);
      StatefulRedisConnection<String, String> redisConnection = closer.register(redis.connect());

      // A replay started through any replica's API goes on in another if that replica dies.
      closer.register(ReplayRescue.start(ProjectionsWiring.launcher(settings, builds), RESCUE_EVERY));

      List<ReadinessCheck> checks = new ArrayList<>(List.of(
          new KafkaCheck(admin), new PostgresCheck(database.dataSource()), new RedisCheck(redisConnection)));
      checks.addAll(security.checks());
      checks.addAll(extraChecks);

      TenantResolver tenants = security.tenants();
      IntentSubmitter intents =
          closer.register(IntentSubmitter.connect(settings.kafkaClients(), "tributary-api-intents"));
      AgentRoutes agentRoutes = new AgentRoutes(database.jdbi());
      QueryServices query = QueryServices.build(settings, database, redisConnection, submitter, embedder, tenants,
          new LiveGenerations(database.jdbi()), closer);
      closer.register(query.postgres());
      closer.register(query.kafka());
      CacheMeters.register(telemetry.meters(), "search", query.cache());
      BreakerStates.register(telemetry.meters(), "postgres", query.postgres()::state);
      BreakerStates.register(telemetry.meters(), "kafka", query.kafka()::state);
      EdgeApi.EdgeServices services =
          new EdgeApi.EdgeServices(query.documents(), query.search(), new HealthService(checks))
              .withProjections(ProjectionsWiring.service(settings, operations, builds, admin))
              .withIntents(new IntentsApi(new IntentsService(intents, agentRoutes, tenants,
                      new JsonBodies(TopicBodyLimit.of(Topics.AGENTS_MESSAGES, settings.maxBodyBytes())),
                      Clock.systemUTC(), Duration.ofSeconds(15)),
                  new ConversationsService(agentRoutes, tenants)))
              // One replica exports the lag gauges: the holder of a Postgres advisory lock, on a
              // connection of its own (the lock lives and dies with that session).
              .withLag(closer.register(LagWiring.elected(settings, admin, database,
                  closer.register(new Database(settings.databaseUrl(), 1)), telemetry.meters(),
                  "tributary-api-lag")).start())
              .withTelemetry(telemetry.edge());
      // Buckets in Redis: behind a load balancer a client gets its limit once, not once per replica.
      EdgePolicy policy = security.policy().withLimits(
          new RedisRateLimits(redisConnection, settings.cacheNamespace(), settings.redisTimeout()));
      EdgeApi api = closer.register(EdgeApi.start(settings.apiHost(), settings.apiPort(), services, policy));
      return new ApiRole(closer, api, RouteTable.of(services));
    } catch (RuntimeException e) {
      closer.close();
      throw e;
    }
  }

  /** The port the API listens on. */
  public int port() {
    return api.port();
  }

  /** Every route this API serves, as {@code "GET /api/v1/search"}: the production route table. */
  public Set<String> routes() {
    return routes;
  }

  @Override
  public void close() {
    closer.close();
  }
}
