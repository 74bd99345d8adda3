package io.tributary.platform.roles;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.edge.health.ReadinessCheck.CheckResult;
import io.tributary.platform.config.Settings;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.projections.agents.AgentLabelsProjection;
import io.tributary.projections.agents.AgentsProjection;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.projector.ProjectorConfig;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.schemas.agents.RoutingDecision;
import java.time.Duration;

/**
 * Projects agents.routed.v1 into agents.routes and agents.conversations, and agents.labels.v1
 * into agents.labels: two projectors, each with its own offsets, reported as one role.
 */
public final class AgentsProjectorRole implements AutoCloseable {

  private final Database database;
  private final ProjectorRunner<String, RoutingDecision> routes;
  private final ProjectorRunner<byte[], byte[]> labels;

  private AgentsProjectorRole(Database database, ProjectorRunner<String, RoutingDecision> routes,
      ProjectorRunner<byte[], byte[]> labels) {
    this.database = database;
    this.routes = routes;
    this.labels = labels;
  }

  /** Applies pending migrations (a no-op after the project role did) and starts the agents projectors. */
  public static AgentsProjectorRole start(Settings settings, Telemetry telemetry) {
    // Three connections: one transaction per projector and room for the status checks.
    Database database = new Database(settings.databaseUrl(), 3, "agents-projector").bindMetrics(telemetry.meters());
    ProjectorRunner<String, RoutingDecision> routes = null;
    try {
      Migrations.apply(database.dataSource());
      ProjectorConfig config = ProjectorConfig.of(settings.kafkaClients());
      routes = new ProjectorRunner<>(new AgentsProjection(), database.jdbi(), config, telemetry.meters(),
          telemetry.tracing(Telemetry.PROJECTOR));
      routes.start();
      ProjectorRunner<byte[], byte[]> labels = new ProjectorRunner<>(new AgentLabelsProjection(), database.jdbi(),
          config, telemetry.meters(), telemetry.tracing(Telemetry.PROJECTOR));
      labels.start();
      return new AgentsProjectorRole(database, routes, labels);
    } catch (RuntimeException e) {
      if (routes != null) {
        routes.close();
      }
      database.close();
      throw e;
    }
  }

  /** Ready while both projectors run and neither's last batch failed. */
  public ReadinessCheck readiness() {
    return both(RoleReadiness.projector(AgentsProjection.NAME, routes::status),
        RoleReadiness.projector(AgentLabelsProjection.NAME, labels::status));
  }

  /** Alive while both projectors make progress, or have failed for less than {@code stallLimit}. */
  public ReadinessCheck liveness(Duration stallLimit) {
    return both(RoleReadiness.projectorAlive(AgentsProjection.NAME, routes::status, stallLimit),
        RoleReadiness.projectorAlive(AgentLabelsProjection.NAME, labels::status, stallLimit));
  }

  /** One check under the routes projector's name: up while both are, with both details. */
  private static ReadinessCheck both(ReadinessCheck first, ReadinessCheck second) {
    return ReadinessCheck.of(first.name(), () -> {
      CheckResult a = first.check();
      CheckResult b = second.check();
      String detail = a.detail() + "; " + second.name() + ": " + b.detail();
      return a.up() && b.up() ? CheckResult.up(detail) : CheckResult.down(detail);
    });
  }

  @Override
  public void close() {
    try (database) {
      try {
        labels.close();
      } finally {
        routes.close();
      }
    }
  }
}
